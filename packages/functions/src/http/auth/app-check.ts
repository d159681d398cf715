import type { RequestHandler } from 'express';
import pTimeout from 'p-timeout';
import { AppError, Err, isAppError } from '@firebase-event-store/kernel';
import { inSpan } from '@firebase-event-store/kernel/internal';

/** Verifies a Firebase App Check token: resolves with its app's id, or throws (UNAVAILABLE when we could not tell). */
export type VerifyAppCheckToken = (token: string) => Promise<{ readonly appId: string }>;

const invalid = (cause?: unknown) =>
  new AppError(
    'UNAUTHENTICATED',
    'A valid Firebase App Check token is required in the X-Firebase-AppCheck header',
    {},
    { cause },
  );

/** App Check tokens are JWTs of about a kilobyte; anything this long is not one. */
const MAX_TOKEN_LENGTH = 4096;

/** Refuses requests without exactly one valid `X-Firebase-AppCheck` token (401). */
export function requireAppCheck(verify: VerifyAppCheckToken): RequestHandler {
  return async (req, _res, next) => {
    const values = req.headersDistinct['x-firebase-appcheck'] ?? [];
    const token = values.length === 1 ? values[0]! : '';
    await inSpan('app check', {}, async () => {
      if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw invalid();
      try {
        await verify(token);
      } catch (error) {
        throw isAppError(error, 'UNAVAILABLE') ? error : invalid(error);
      }
    });
    next();
  };
}

/** firebase-admin's `getAppCheck().verifyToken`, as far as this adapter uses it. */
export type AdminVerifyAppCheckToken = (token: string) => Promise<{ readonly appId: string }>;

/**
 * firebase-admin's App Check verification with a bounded wait: Google's key set failing to
 * arrive (firebase-admin reports it as a `key-fetch-error` cause) or taking longer than
 * `timeoutMs` is ours to answer with 503, not the client's fault.
 */
export function firebaseAppCheckVerifier(
  verifyToken: AdminVerifyAppCheckToken,
  timeoutMs = 3_000,
): VerifyAppCheckToken {
  return async (token) => {
    try {
      const { appId } = await pTimeout(verifyToken(token), {
        milliseconds: timeoutMs,
        message: Err.unavailable('App Check keys are unavailable; try again', 30),
      });
      return { appId };
    } catch (error) {
      const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
      if (cause?.code === 'key-fetch-error')
        throw Err.unavailable('App Check keys are unavailable; try again', 30, error);
      throw error;
    }
  };
}
