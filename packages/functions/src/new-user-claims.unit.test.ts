import type { AuthBlockingEvent } from 'firebase-functions/v2/identity';
import { describe, expect, it } from 'vitest';
import { newUserClaimsFunction } from './new-user-claims.js';

const event = (email: string) =>
  ({ data: { uid: 'u1', email, emailVerified: false }, eventType: 'beforeCreate' }) as unknown as AuthBlockingEvent;

/** The blocking function's handler, as the Auth service calls it. */
const handler = (fn: ReturnType<typeof newUserClaimsFunction>) =>
  (fn as unknown as { run: (event: AuthBlockingEvent) => Promise<unknown> }).run;

describe('newUserClaimsFunction (unit)', () => {
  it("gives a new user the tenant and roles the project's rule says", async () => {
    const fn = newUserClaimsFunction((user) => ({
      tenant: user.email!.split('@')[1]!.split('.')[0]!,
      roles: ['editor'],
    }));
    await expect(handler(fn)(event('ada@acme.com'))).resolves.toEqual({
      customClaims: { tenant: 'acme', roles: ['editor'] },
    });
  });

  it('refuses the sign-up, saying why, when the rule gives no valid tenant (the account is not created)', async () => {
    const fn = newUserClaimsFunction(() => ({ tenant: '../other', roles: ['editor'] }));
    await expect(handler(fn)(event('ada@acme.com'))).rejects.toThrow(/claims rule gave no valid tenant/);
  });
});
