import type { JWTHeaderParameters, JWTPayload } from 'jose';
import { AppError, isUserId } from '@firebase-event-store/kernel';

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

/** Firebase Auth issues ID tokens for one hour: a longer one was not made by Firebase Auth. */
export const MAX_LIFETIME_SECONDS = 3600;

/** Firebase ID tokens say `typ: "JWT"`; another type (`at+jwt`, none) is another kind of token. */
export function checkTokenType(header: Pick<JWTHeaderParameters, 'typ'>): void {
  if (header.typ !== 'JWT') throw invalidToken();
}

/**
 * The checks jose leaves to us, as firebase-admin makes them and stricter: `aud` a single string
 * (jose also accepts an array containing it); `sub` an id under the one rule every id follows
 * (`isUserId`: 1-128 characters, NFC, nothing invisible; firebase-admin checks only the
 * length); `iat` and `auth_time` present and not in the future; at most an hour from `iat` to
 * `exp`; and `firebase.sign_in_provider` a name, as every ID token carries it.
 */
export function checkFirebaseClaims(payload: JWTPayload, { now, skewSeconds }: ClaimRules): JWTPayload {
  if (typeof payload.aud !== 'string') throw invalidToken();
  if (!isUserId(payload.sub)) throw invalidToken();
  const latest = now().getTime() / 1000 + skewSeconds;
  for (const claim of ['iat', 'auth_time']) {
    const value = payload[claim];
    if (typeof value !== 'number' || !Number.isFinite(value) || value > latest) throw invalidToken();
  }
  if (typeof payload.exp !== 'number' || payload.exp - (payload.iat as number) > MAX_LIFETIME_SECONDS) {
    throw invalidToken();
  }
  const provider = (payload.firebase as { sign_in_provider?: unknown } | undefined)?.sign_in_provider;
  if (typeof provider !== 'string' || provider.length === 0 || provider.length > 128) throw invalidToken();
  return payload;
}

/** `exp` not past and `nbf` not ahead, within the skew: what jose checks, for a token verified earlier. */
export function checkTimes(payload: JWTPayload, { now, skewSeconds }: ClaimRules): JWTPayload {
  const seconds = now().getTime() / 1000;
  if (payload.exp! <= seconds - skewSeconds) throw invalidToken();
  if (payload.nbf !== undefined && payload.nbf > seconds + skewSeconds) throw invalidToken();
  return checkFirebaseClaims(payload, { now, skewSeconds });
}
