import { z } from 'zod';

/**
 * Ids that end up in Firestore paths (tenants, aggregate ids) are restricted to characters that
 * are safe in a document id and in a URL, and never of the reserved form `__name__`.
 */
export const SAFE_ID = /^(?!__.*__$)[A-Za-z0-9_-]{1,128}$/;

export const safeId = (what: string) =>
  z.string().regex(SAFE_ID, `${what} must be 1-128 characters of A-Z, a-z, 0-9, _ or -`);

/** Who runs a command. Built from a verified token; the tenant never comes from a request body. */
export const ActorSchema = z.strictObject({
  id: z.string().min(1).max(128),
  name: z.string().max(256),
  tenant: safeId('tenant'),
  roles: z.array(z.string().min(1).max(64)).max(64).readonly(),
});

export type Actor = z.infer<typeof ActorSchema>;
