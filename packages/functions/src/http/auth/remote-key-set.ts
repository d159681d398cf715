import { createRemoteJWKSet, errors, type JWTVerifyGetKey } from 'jose';

/** Where Google publishes the keys that sign Firebase Auth ID tokens, as a JWK set. */
export const GOOGLE_SECURETOKEN_KEYS =
  'https://www.googleapis.com/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com';

/** The key set could not be fetched (down, slow, or not a key set): not the client's fault. */
export class KeysUnavailable extends Error {
  override readonly name = 'KeysUnavailable';
}

export interface RemoteKeySetOptions {
  readonly timeoutMs?: number;
  /** At most one fetch per cool-down, however many unknown `kid`s arrive. */
  readonly cooldownMs?: number;
  readonly cacheMaxAgeMs?: number;
}

/**
 * A key set fetched lazily and cached by jose. A `kid` that is not in it is the token's fault
 * (401); a failed fetch is ours (503).
 */
export function remoteKeySet(url: string, options: RemoteKeySetOptions = {}): JWTVerifyGetKey {
  const keys = createRemoteJWKSet(new URL(url), {
    timeoutDuration: options.timeoutMs ?? 3000,
    cooldownDuration: options.cooldownMs ?? 30_000,
    cacheMaxAge: options.cacheMaxAgeMs ?? 10 * 60_000,
  });
  return async (header, token) => {
    try {
      return await keys(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
      throw new KeysUnavailable('The token key set could not be fetched', { cause: error });
    }
  };
}
