import type { JWTVerifyGetKey } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTokenFactory, PROJECT, S, T } from '@firebase-event-store/testing';
import { createFirebaseIdTokenVerifier } from './firebase-id-token.js';

describe('createFirebaseIdTokenVerifier (unit)', () => {
  it('verifies a token once, then re-checks only its times until it expires', async () => {
    const tokens = await createTokenFactory();
    let lookups = 0;
    const keys: JWTVerifyGetKey = (header, token) => {
      lookups++;
      return tokens.keys(header, token);
    };
    let seconds = T;
    const verify = createFirebaseIdTokenVerifier({
      projectId: PROJECT,
      keys,
      now: () => new Date(seconds * 1000),
      skewSeconds: S,
    });
    const token = await tokens.idToken({ exp: T + 60 });
    await verify(token);
    await verify(token);
    expect(lookups).toBe(1);
    seconds = T + 60 + S; // expired, within the cache
    await expect(verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('never caches a token that failed', async () => {
    const tokens = await createTokenFactory();
    const verify = createFirebaseIdTokenVerifier({
      projectId: PROJECT,
      keys: tokens.keys,
      now: () => new Date(T * 1000),
    });
    const forged = await tokens.attackerToken();
    await expect(verify(forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(verify(forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
