import type { JWTPayload } from 'jose';
import { z } from 'zod';
import { ActorSchema, displayText, Err, parseActor, type Actor } from '@firebase-event-store/kernel';

/** Custom claims set on the user (`npx firebase-event-store set-claims`): the tenant and the roles. */
const CustomClaims = z.object({
  tenant: ActorSchema.shape.tenant,
  roles: ActorSchema.shape.roles.optional(),
  name: z.string().max(256).optional(),
  email: z.string().max(256).optional(),
});

/**
 * The name every event's metadata records (`meta.actor.name`): the token's `name` (the user's
 * own profile text) or else its `email`, as display text. One that is not (a right-to-left
 * override in a profile name) is left out rather than written into the audit trail as given;
 * the actor's id still says who it was.
 */
const ActorName = displayText({ max: 256, min: 0 });
const nameOf = (...candidates: (string | undefined)[]): string => {
  for (const candidate of candidates) {
    const parsed = ActorName.safeParse(candidate);
    if (parsed.success && parsed.data !== '') return parsed.data;
  }
  return '';
};

/**
 * The actor of a verified token. The tenant comes from the token's custom claims and nowhere
 * else: a token without a valid tenant is authenticated but allowed nothing (403).
 */
export function actorFromClaims(claims: JWTPayload): Actor {
  const parsed = CustomClaims.safeParse(claims);
  if (!parsed.success) throw Err.forbidden('The token carries no valid tenant and roles claims');
  const { tenant, roles = [], name, email } = parsed.data;
  // Validated here, once: the command handler takes an actor parseActor made as it is.
  return parseActor({ id: claims.sub, name: nameOf(name, email), tenant, roles });
}
