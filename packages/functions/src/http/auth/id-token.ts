import type { JWTPayload } from 'jose';
import { AppError } from '@firebase-event-store/kernel';

/** Verifies a Firebase Auth ID token and returns its claims, or throws UNAUTHENTICATED/UNAVAILABLE. */
export type VerifyIdToken = (token: string) => Promise<JWTPayload>;

export const securetokenIssuer = (projectId: string) => `https://securetoken.google.com/${projectId}`;

/** The same answer for every bad token: a client learns nothing from how it failed. */
export const invalidToken = (cause?: unknown) =>
  new AppError('UNAUTHENTICATED', 'The ID token is missing, malformed, expired or not for this project', {}, { cause });

export interface ClaimRules {
  readonly now: () => Date;
  /** Allowed clock difference with the token's issuer, in seconds. */
  readonly skewSeconds: number;
}

/**
 * The checks jose leaves to us, as firebase-admin makes them: `aud` a single string (jose also
 * accepts an array containing it), `sub` 1-128 characters, `iat` and `auth_time` present and
 * not in the future.
 */
export function checkFirebaseClaims(payload: JWTPayload, { now, skewSeconds }: ClaimRules): JWTPayload {
  if (typeof payload.aud !== 'string') throw invalidToken();
  if (typeof payload.sub !== 'string' || payload.sub.length < 1 || payload.sub.length > 128) throw invalidToken();
  const latest = now().getTime() / 1000 + skewSeconds;
  for (const claim of ['iat', 'auth_time']) {
    const value = payload[claim];
    if (typeof value !== 'number' || !Number.isFinite(value) || value > latest) throw invalidToken();
  }
  return payload;
}

/** `exp` not past and `nbf` not ahead, within the skew: what jose checks, for a token verified earlier. */
export function checkTimes(payload: JWTPayload, { now, skewSeconds }: ClaimRules): JWTPayload {
  const seconds = now().getTime() / 1000;
  if (payload.exp! <= seconds - skewSeconds) throw invalidToken();
  if (payload.nbf !== undefined && payload.nbf > seconds + skewSeconds) throw invalidToken();
  return checkFirebaseClaims(payload, { now, skewSeconds });
}
