import type { NewUserClaimsRule } from '@firebase-event-store/functions';

/**
 * Opt-in: the tenant and roles a new user gets, by your rule, from an Auth blocking function
 * (index.ts exports it only when this is set). Deployed, blocking functions need Identity
 * Platform. Unset, give users their claims yourself (the README shows how, on the emulator).
 * For example, everyone of one company in its own tenant, as an editor:
 *
 *   export const newUserClaims: NewUserClaimsRule | undefined = (user) => ({
 *     tenant: (user.email ?? '').split('@')[1]?.replaceAll('.', '-') ?? 'guests',
 *     roles: ['editor'],
 *   });
 */
export const newUserClaims: NewUserClaimsRule | undefined = undefined;
