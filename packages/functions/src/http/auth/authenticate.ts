import type { Request, RequestHandler } from 'express';
import type { Actor } from '@firebase-event-store/kernel';
import { inSpan } from '@firebase-event-store/kernel/internal';
import { invalidToken, type VerifyIdToken } from './id-token.js';
import { actorFromClaims } from './actor-from-claims.js';
import type { CheckNotRevoked } from './revocation.js';
import { contextOf } from '../request-context.js';

/** A JWT's three base64url parts; nothing else (no spaces, no padding, no fourth part). */
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/i;

/**
 * The token of `Authorization: Bearer <token>`. Exactly one such header: two are ambiguous
 * (which one would a proxy have checked?). Node trims optional whitespace around header
 * values (RFC 9110), so `Bearer <token> ` reaches us as `Bearer <token>`.
 */
function bearerToken(req: Request): string {
  const values = req.headersDistinct.authorization ?? [];
  const match = values.length === 1 ? BEARER.exec(values[0]!) : null;
  if (!match) throw invalidToken();
  return match[1]!;
}

export interface Revocation {
  /** Whether this request's token must be checked against revocation (its cost is a lookup per user and period). */
  readonly appliesTo: (req: Request) => boolean;
  readonly check: CheckNotRevoked;
}

/**
 * Verifies the caller's ID token, refuses a revoked one where `revocation` applies, and puts
 * its actor in the request context.
 */
export function authenticate(verifyIdToken: VerifyIdToken, revocation?: Revocation): RequestHandler {
  // A verifier that remembers tokens returns the same claims object: its actor is built once.
  const actors = new WeakMap<object, Actor>();
  return async (req, res, next) => {
    // Its own span, ended before the command runs (a sibling of the command's, not its parent).
    // It says whether revocation was checked; nothing of the token or its claims.
    contextOf(res).actor = await inSpan('authenticate', {}, async (span) => {
      const claims = await verifyIdToken(bearerToken(req));
      const checkRevoked = revocation?.appliesTo(req) ?? false;
      span.setAttribute('event_store.revocation_checked', checkRevoked);
      if (checkRevoked) await revocation!.check(claims);
      let actor = actors.get(claims);
      if (!actor) actors.set(claims, (actor = actorFromClaims(claims)));
      return actor;
    });
    next();
  };
}
