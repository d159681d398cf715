import type { Response } from 'express';
import { Err, type Actor } from '@firebase-event-store/kernel';

/**
 * What the middlewares learn about one request, in one typed place: each sets its own field
 * once, and the command route reads them all.
 */
export interface RequestContext {
  readonly requestId: string;
  /** Set by `authenticate`, from the verified token. */
  actor?: Actor;
  /** Set by `jsonBody`: the body's bytes as received, what an idempotency key's fingerprint covers. */
  rawBody?: Buffer;
}

declare module 'express-serve-static-core' {
  interface Locals {
    context: RequestContext;
  }
}

export const startContext = (res: Response, requestId: string): RequestContext => (res.locals.context = { requestId });

export const contextOf = (res: Response): RequestContext => res.locals.context;

/** A field a middleware before this one must have set: missing is a wiring bug, never the client's. */
export function required<K extends keyof RequestContext>(res: Response, field: K): NonNullable<RequestContext[K]> {
  const value = res.locals.context[field];
  if (value === undefined) throw Err.internal(`The request context has no ${field}: a middleware is missing`);
  return value;
}
