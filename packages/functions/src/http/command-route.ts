import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { CommandHandler } from '@firebase-event-store/kernel';
import { Err } from '@firebase-event-store/kernel';
import { required } from './request-context.js';
import { TransportError } from './transport-error.js';

/** `If-Match: "5"`: the strong ETag the API sent with version 5. */
const ETAG = /^"(0|[1-9][0-9]{0,14})"$/;
/** Keys are opaque to us: 1-255 visible ASCII characters (a UUID is typical). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

const header = (req: Request, name: string): string | undefined => {
  const values = req.headersDistinct[name];
  if (values && values.length > 1) throw Err.invalidArgument(`Send at most one ${name} header`);
  return values?.[0];
};

/** The expected version, from `If-Match` or the body's `expectedVersion`: both given must agree. */
function expectedVersionOf(req: Request, body: Record<string, unknown>): unknown {
  const ifMatch = header(req, 'if-match');
  if (ifMatch === undefined) return body.expectedVersion;
  const match = ETAG.exec(ifMatch);
  if (!match) throw Err.invalidArgument('If-Match must be one strong ETag, as this API sends it: "<version>"');
  const version = Number(match[1]);
  if (body.expectedVersion !== undefined && body.expectedVersion !== version) {
    throw Err.invalidArgument('If-Match and expectedVersion disagree', [
      { pointer: '/expectedVersion', message: `If-Match says ${version}` },
    ]);
  }
  return version;
}

function idempotencyOf(req: Request, name: string, rawBody: Buffer) {
  const key = header(req, 'idempotency-key');
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) throw Err.invalidArgument('Idempotency-Key must be 1-255 visible ASCII characters');
  // The same key must come with the same command and the same body bytes.
  const fingerprint = createHash('sha256').update(name).update('\n').update(rawBody).digest('base64url');
  return { key, fingerprint };
}

/**
 * `POST /commands/:name`: runs the command for the authenticated actor. The tenant is the
 * token's, never the body's or the URL's; a body may not even name one (unknown keys fail).
 */
export function commandRoute(handler: CommandHandler): RequestHandler {
  return async (req, res) => {
    const { name } = req.params;
    if (typeof name !== 'string') throw Err.notFound('Unknown command');
    const body = req.body as Record<string, unknown>;
    const expectedVersion = expectedVersionOf(req, body);
    const idempotency = idempotencyOf(req, name, required(res, 'rawBody'));
    const result = await handler.command(
      required(res, 'actor'),
      name,
      { ...body, expectedVersion },
      { correlationId: required(res, 'requestId'), ...(idempotency && { idempotency }) },
    );
    const { replayed, ...answer } = result;
    res.setHeader('ETag', `"${answer.version}"`);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    // Straight to node:http: express's send() would only add freshness checks a POST never needs.
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer));
  };
}

/** Any other method on a command route. */
export const methodNotAllowed: RequestHandler = (_req, res) => {
  res.setHeader('Allow', 'POST');
  throw new TransportError('METHOD_NOT_ALLOWED', 'Commands are sent with POST');
};
