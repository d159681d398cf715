import { z } from 'zod';
import { Err } from './err.js';
import { UserId } from './user-id.js';

/**
 * Ids that end up in Firestore paths (tenants, aggregate ids) are restricted to characters that
 * are safe in a document id and in a URL, and never of the reserved form `__name__`.
 */
export const SAFE_ID = /^(?!__.*__$)[A-Za-z0-9_-]{1,128}$/;

export const safeId = (what: string) =>
  z.string().regex(SAFE_ID, `${what} must be 1-128 characters of A-Z, a-z, 0-9, _ or -`);

/** Who runs a command. Built from a verified token; the tenant never comes from a request body. */
export const ActorSchema = z.strictObject({
  id: UserId,
  name: z.string().max(256),
  tenant: safeId('tenant'),
  roles: z.array(z.string().min(1).max(64)).max(64).readonly(),
});

export type Actor = z.infer<typeof ActorSchema>;

/** Actors already validated (frozen, so they cannot change after): each is checked once. */
const checkedActors = new WeakSet<Actor>();

/**
 * Validates an actor once and freezes it: what the HTTP layer does with a verified token's
 * claims. One that does not fit the rules is not let in (403).
 */
export function parseActor(value: unknown): Actor {
  const result = ActorSchema.safeParse(value);
  if (!result.success) throw Err.forbidden('Not a valid actor for this API');
  const actor = Object.freeze({ ...result.data, roles: Object.freeze([...result.data.roles]) });
  checkedActors.add(actor);
  return actor;
}

/** The actor of a command: one `parseActor` made is taken as it is; any other is validated. */
export const checkActor = (actor: Actor): Actor => (checkedActors.has(actor) ? actor : parseActor(actor));
