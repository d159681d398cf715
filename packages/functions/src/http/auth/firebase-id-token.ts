import { decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import { Err, isAppError } from '@firebase-event-store/kernel';
import {
  checkFirebaseClaims,
  checkTimes,
  checkTokenType,
  invalidToken,
  securetokenIssuer,
  type ClaimRules,
  type VerifyIdToken,
} from './id-token.js';
import { KeysUnavailable } from './remote-key-set.js';

export interface FirebaseIdTokenOptions extends Partial<ClaimRules> {
  readonly projectId: string;
  /** Google's securetoken key set in production (`remoteKeySet`), a local one in tests. */
  readonly keys: JWTVerifyGetKey;
  /** Verified tokens remembered (until they expire), so a client's next request skips the RSA check. */
  readonly cacheSize?: number;
}

/** Firebase ID tokens are a few hundred bytes; anything this long is not one. */
const MAX_TOKEN_LENGTH = 8192;
/** Headers that point at or carry other keys. Firebase never sets them; honouring them is how JWTs get forged. */
const KEY_HEADERS = ['jku', 'x5u', 'x5c', 'jwk', 'crit'];

/**
 * Verifies an ID token as firebase-admin does, with jose: RS256 only; `typ` JWT; a `kid` that
 * is in the key set; the signature; `iss` and `aud` exactly this project's; `exp` in the future and
 * `nbf` past (within the skew); then the claims jose leaves to us (`checkFirebaseClaims`).
 * Google's keys are shared by every Firebase project: `aud` is what stops another project's
 * tokens.
 */
export function createFirebaseIdTokenVerifier(options: FirebaseIdTokenOptions): VerifyIdToken {
  const rules: ClaimRules = { now: options.now ?? (() => new Date()), skewSeconds: options.skewSeconds ?? 5 };
  // Only fully verified tokens enter; the same bytes verify the same way, except for time,
  // which is checked again on every use.
  const verified = new LRUCache<string, JWTPayload>({ max: options.cacheSize ?? 10_000 });
  return async (token) => {
    const known = verified.get(token);
    if (known) return checkTimes(known, rules);
    if (token.length > MAX_TOKEN_LENGTH || token.split('.').length !== 3) throw invalidToken();
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(token);
    } catch (error) {
      throw invalidToken(error);
    }
    if (header.alg !== 'RS256') throw invalidToken();
    checkTokenType(header);
    if (typeof header.kid !== 'string' || header.kid.length === 0 || header.kid.length > 128) throw invalidToken();
    if (KEY_HEADERS.some((name) => Object.hasOwn(header, name))) throw invalidToken();
    try {
      const { payload } = await jwtVerify(token, options.keys, {
        algorithms: ['RS256'],
        issuer: securetokenIssuer(options.projectId),
        audience: options.projectId,
        currentDate: rules.now(),
        clockTolerance: rules.skewSeconds,
        requiredClaims: ['exp', 'iat', 'auth_time', 'sub'],
      });
      verified.set(token, checkFirebaseClaims(payload, rules));
      return payload;
    } catch (error) {
      if (error instanceof KeysUnavailable) throw Err.unavailable('Token keys are unavailable; try again', 30, error);
      if (isAppError(error)) throw error;
      throw invalidToken(error);
    }
  };
}
