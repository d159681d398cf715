import type { Request, RequestHandler } from 'express';
import secureJson from 'secure-json-parse';
import { Err } from '@firebase-event-store/kernel';
import { contextOf } from './request-context.js';
import { TransportError } from './transport-error.js';

const tooLarge = (limit: number) => new TransportError('PAYLOAD_TOO_LARGE', `The request body is over ${limit} bytes`);

/**
 * Reads a JSON object body of at most `limit` bytes. Cloud Functions reads and parses the body
 * before express runs (keeping the bytes in `req.rawBody`), so `express.json({ limit })` alone
 * would not protect the deployed function: the limit is checked on the raw bytes either way.
 * `__proto__` and `constructor` keys are refused, not parsed.
 */
export function jsonBody(limit: number): RequestHandler {
  const parse = (bytes: Buffer): object => {
    if (bytes.length > limit) throw tooLarge(limit);
    if (bytes.length === 0) throw Err.invalidArgument('The request body is empty: send a JSON object');
    let value: unknown;
    try {
      value = secureJson.parse(bytes.toString('utf8'), undefined, { protoAction: 'error', constructorAction: 'error' });
    } catch {
      throw Err.invalidArgument('The request body is not valid JSON, or has a __proto__ or constructor key');
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw Err.invalidArgument('The request body must be a JSON object');
    }
    return value;
  };
  return (req, res, next) => {
    if (!req.is('application/json')) {
      throw new TransportError('UNSUPPORTED_MEDIA_TYPE', 'Send the command as Content-Type: application/json');
    }
    const use = (bytes: Buffer) => {
      contextOf(res).rawBody = bytes;
      req.body = parse(bytes);
    };
    const already = (req as { rawBody?: unknown }).rawBody;
    if (Buffer.isBuffer(already)) {
      use(already);
      return next();
    }
    readBody(req, limit)
      .then(use)
      .then(() => next(), next);
  };
}

/** The body's bytes, refusing (413) as soon as more than `limit` have arrived. */
function readBody(req: Request, limit: number): Promise<Buffer> {
  if (Number(req.headers['content-length']) > limit) return Promise.reject(tooLarge(limit));
  // Stream events rather than async iteration: a small body is one chunk, and the iterator's
  // promise per chunk is measurable on the hot path.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.removeAllListeners('data').resume(); // drain the rest, keep none of it
      reject(tooLarge(limit));
    });
    const unreadable = () => reject(Err.invalidArgument('The request body could not be read'));
    req.once('end', () => resolve(Buffer.concat(chunks))); // a no-op after a 413
    req.once('error', unreadable);
    // 'close' follows every request. Only one that closes before 'end' lost its client, so only
    // then is an error built: building one (and its stack) for every request is measurable.
    req.once('close', () => req.readableEnded || unreadable());
  });
}
