import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRevocationCheck, firebaseUserStatus, type UserStatus } from './revocation.js';

const SIGNED_IN = 1_800_000_000; // the token's auth_time, in seconds
const claims = { sub: 'user-1', auth_time: SIGNED_IN };

/** A lookup that answers what `statuses` holds now, and counts its calls. */
function fakeLookUp(status: UserStatus | undefined | (() => Promise<UserStatus | undefined>)) {
  const lookUp = vi.fn((_uid: string) => (typeof status === 'function' ? status() : Promise.resolve(status)));
  return lookUp;
}

describe('revocation check (unit)', () => {
  afterEach(() => void vi.useRealTimers());

  it('lets a user in good standing through; refuses a revoked session and a disabled user with 401', async () => {
    const good = createRevocationCheck({ lookUp: fakeLookUp({ disabled: false, validSinceMs: undefined }) });
    await expect(good(claims)).resolves.toBeUndefined();
    const signedInAfterRevocation = createRevocationCheck({
      lookUp: fakeLookUp({ disabled: false, validSinceMs: SIGNED_IN * 1000 }),
    });
    await expect(signedInAfterRevocation(claims)).resolves.toBeUndefined();
    const revoked = createRevocationCheck({
      lookUp: fakeLookUp({ disabled: false, validSinceMs: SIGNED_IN * 1000 + 1000 }),
    });
    await expect(revoked(claims)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: /revoked/ });
    const disabled = createRevocationCheck({ lookUp: fakeLookUp({ disabled: true, validSinceMs: undefined }) });
    await expect(disabled(claims)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const deleted = createRevocationCheck({ lookUp: fakeLookUp(undefined) });
    await expect(deleted(claims)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('looks a user up once per cache period, however many requests (and concurrent ones share it)', async () => {
    let time = 0;
    const lookUp = fakeLookUp({ disabled: false, validSinceMs: undefined });
    const check = createRevocationCheck({ lookUp, cacheMs: 30_000, now: () => time });
    await Promise.all(Array.from({ length: 20 }, () => check(claims)));
    time = 29_999;
    await check(claims);
    expect(lookUp).toHaveBeenCalledTimes(1);
    time = 30_000;
    await check(claims);
    expect(lookUp).toHaveBeenCalledTimes(2);
    await check({ ...claims, sub: 'user-2' });
    expect(lookUp).toHaveBeenCalledTimes(3);
  });

  it('a revocation bites once the cached status expires', async () => {
    let time = 0;
    let status: UserStatus = { disabled: false, validSinceMs: undefined };
    const check = createRevocationCheck({ lookUp: () => Promise.resolve(status), cacheMs: 30_000, now: () => time });
    await check(claims);
    status = { disabled: false, validSinceMs: (SIGNED_IN + 60) * 1000 };
    await expect(check(claims)).resolves.toBeUndefined();
    time = 30_000;
    await expect(check(claims)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('an Auth service that fails or stalls is a 503 within the timeout, and is asked again next time', async () => {
    const failing = fakeLookUp(() => Promise.reject(new Error('connect ECONNREFUSED')));
    const check = createRevocationCheck({ lookUp: failing });
    await expect(check(claims)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(check(claims)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(failing).toHaveBeenCalledTimes(2);

    vi.useFakeTimers();
    const stalled = createRevocationCheck({ lookUp: () => new Promise(() => undefined), timeoutMs: 3_000 });
    const answer = expect(stalled(claims)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await vi.advanceTimersByTimeAsync(3_000);
    await answer;
  });

  it("reads firebase-admin's user record: disabled, tokensValidAfterTime, and a user that is gone", async () => {
    const record = { disabled: false, tokensValidAfterTime: 'Tue, 15 Jan 2027 08:00:00 GMT' };
    await expect(firebaseUserStatus({ getUser: () => Promise.resolve(record) })('u')).resolves.toEqual({
      disabled: false,
      validSinceMs: Date.parse('2027-01-15T08:00:00Z'),
    });
    const gone = Object.assign(new Error('no user'), { code: 'auth/user-not-found' });
    await expect(firebaseUserStatus({ getUser: () => Promise.reject(gone) })('u')).resolves.toBeUndefined();
    const down = Object.assign(new Error('down'), { code: 'app/network-error' });
    await expect(firebaseUserStatus({ getUser: () => Promise.reject(down) })('u')).rejects.toBe(down);
  });
});
