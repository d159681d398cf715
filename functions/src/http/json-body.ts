import express, { type RequestHandler } from 'express';
import secureJson from 'secure-json-parse';
import { AppError, Err } from '../domain/err.js';

declare module 'express-serve-static-core' {
  interface Locals {
    /** The request body's bytes, as received: what an idempotency key's fingerprint covers. */
    rawBody: Buffer;
  }
}

const tooLarge = (limit: number) => new AppError('PAYLOAD_TOO_LARGE', `The request body is over ${limit} bytes`);

/**
 * Reads a JSON object body of at most `limit` bytes. Cloud Functions reads and parses the body
 * before express runs (keeping the bytes in `req.rawBody`), so `express.json({ limit })` alone
 * would not protect the deployed function: the limit is checked on the raw bytes either way.
 * `__proto__` and `constructor` keys are refused, not parsed.
 */
export function jsonBody(limit: number): RequestHandler {
  const read = express.raw({ type: () => true, limit });
  const accept = (bytes: Buffer, body: (value: unknown) => void) => {
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
    body(value);
  };
  return (req, res, next) => {
    if (!req.is('application/json')) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the command as Content-Type: application/json');
    }
    const done = (bytes: Buffer) => {
      res.locals.rawBody = bytes;
      accept(bytes, (value) => (req.body = value));
      next();
    };
    const already = (req as { rawBody?: unknown }).rawBody;
    if (Buffer.isBuffer(already)) return done(already);
    read(req, res, (error?: unknown) => {
      if ((error as { type?: string } | undefined)?.type === 'entity.too.large') return next(tooLarge(limit));
      if (error) return next(Err.invalidArgument('The request body could not be read'));
      try {
        done(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
      } catch (failure) {
        next(failure);
      }
    });
  };
}
