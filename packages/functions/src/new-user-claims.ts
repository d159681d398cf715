/**
 * An opt-in Auth blocking function: every new user gets a tenant and roles (the custom claims the
 * API reads) by a rule the project writes, before the account exists. Deployed, it needs
 * Identity Platform (blocking functions are not in Firebase Auth's free tier), hence opt-in.
 *
 *   export const beforeUserCreated = newUserClaimsFunction((user) => ({ tenant: 'acme', roles: ['user'] }));
 */
import { safeId } from '@firebase-event-store/kernel/internal';
import { HttpsError, beforeUserCreated, type AuthUserRecord } from 'firebase-functions/v2/identity';
import { z } from 'zod';

/** What a rule gives a new user; the same limits as an actor's (the API refuses anything else). */
export const NewUserClaims = z.strictObject({
  tenant: safeId('tenant'),
  roles: z.array(z.string().min(1).max(64)).max(64),
});
export type NewUserClaims = z.infer<typeof NewUserClaims>;

/** The project's rule: the tenant and roles of a user being created. */
export type NewUserClaimsRule = (user: AuthUserRecord) => NewUserClaims | Promise<NewUserClaims>;

/**
 * The `beforeUserCreated` blocking function for `rule`. A rule whose answer is not a tenant and
 * roles refuses the sign-up (the account is not created) with a message saying why, rather than
 * creating a user the API would refuse.
 */
export function newUserClaimsFunction(rule: NewUserClaimsRule) {
  return beforeUserCreated(async (event) => {
    if (!event.data) throw new HttpsError('invalid-argument', 'No user in the blocking event');
    const claims = NewUserClaims.safeParse(await rule(event.data));
    if (!claims.success)
      throw new HttpsError(
        'internal',
        `The new user's claims rule gave no valid tenant and roles: ${claims.error.message}`,
      );
    return { customClaims: claims.data };
  });
}
