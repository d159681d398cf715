import { createHash } from 'node:crypto';
import { Err } from '../err.js';
import type { CommandResult } from './command-result.js';
import type { EventStore } from '../ports/event-store.js';
import { deepFreeze } from './replay.js';

/** What makes a command safe to retry: the caller's key, and a hash of its request. */
export interface IdempotencyRequest {
  readonly key: string;
  readonly fingerprint: string;
}

/**
 * The record's id: the caller's key hashed with the actor's id. Records live under the tenant,
 * so the same key from another user or another tenant is another record.
 */
export const recordKey = (actorId: string, key: string) =>
  createHash('sha256').update(actorId).update('\n').update(key).digest('base64url');

/**
 * The result of an earlier commit under this record key, to answer a retry with; undefined
 * if there was none. The same key with another request is refused, not replayed.
 */
export async function priorResult(
  store: EventStore,
  tenant: string,
  { key, fingerprint }: IdempotencyRequest,
): Promise<CommandResult | undefined> {
  const prior = await store.readIdempotency(tenant, key);
  if (!prior) return undefined;
  if (prior.fingerprint !== fingerprint) throw Err.idempotencyMismatch();
  const { stream, version, events, state } = prior;
  return {
    aggregateType: stream.type,
    aggregateId: stream.id,
    version,
    events,
    state: deepFreeze(state),
    replayed: true,
  };
}
