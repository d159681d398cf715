import type { JWTPayload } from 'jose';
import { z } from 'zod';
import { ActorSchema, Err, parseActor, type Actor } from '@firebase-event-store/kernel';

/** Custom claims set on the user (scripts/set-claims.ts): the tenant and the roles. */
const CustomClaims = z.object({
  tenant: ActorSchema.shape.tenant,
  roles: ActorSchema.shape.roles.optional(),
  name: z.string().max(256).optional(),
  email: z.string().max(256).optional(),
});

/**
 * The actor of a verified token. The tenant comes from the token's custom claims and nowhere
 * else: a token without a valid tenant is authenticated but allowed nothing (403).
 */
export function actorFromClaims(claims: JWTPayload): Actor {
  const parsed = CustomClaims.safeParse(claims);
  if (!parsed.success) throw Err.forbidden('The token carries no valid tenant and roles claims');
  const { tenant, roles = [], name, email } = parsed.data;
  // Validated here, once: the command handler takes an actor parseActor made as it is.
  return parseActor({ id: claims.sub, name: name ?? email ?? '', tenant, roles });
}
