import { createHmac } from 'node:crypto';
import type { AnyAggregate } from '../aggregate.js';
import type { StreamKey, UniqueChanges } from '../ports/event-store.js';

/**
 * The id of a value's claim: an HMAC of the tenant, the aggregate type, the rule and the value,
 * so the store never holds the value (a personal one stays unreadable after its subject is
 * forgotten) and the id cannot be matched against guesses without the secret. Without a
 * secret the hash is only salted with the tenant: the claims are never readable by clients,
 * but a deployment should set one (and never change it: every claim is under its hash).
 */
export function uniqueKey(secret: string, tenant: string, type: string, rule: string, value: string | number) {
  return createHmac('sha256', secret)
    .update([tenant, type, rule, typeof value, String(value)].join('\n'))
    .digest('base64url');
}

export const DEFAULT_UNIQUE_SECRET = 'firebase-event-store/unique';

/**
 * What a decision takes and gives up under the aggregate's unique rules: for each rule whose
 * value differs between the state before and after, the new value claimed and the old released.
 * Undefined when no rule's value moved (the common case: nothing more to write).
 */
export function uniqueChanges(
  aggregate: AnyAggregate,
  stream: StreamKey,
  before: unknown,
  after: unknown,
  secret: string,
): UniqueChanges | undefined {
  const claim: { rule: string; key: string }[] = [];
  const release: string[] = [];
  for (const [rule, valueOf] of Object.entries(aggregate.unique ?? {})) {
    const [old, now] = [valueOf(before) ?? null, valueOf(after) ?? null];
    if (old === now) continue;
    const key = (value: string | number) => uniqueKey(secret, stream.tenant, stream.type, rule, value);
    if (now !== null) claim.push({ rule, key: key(now) });
    if (old !== null) release.push(key(old));
  }
  return claim.length + release.length > 0 ? { claim, release } : undefined;
}
