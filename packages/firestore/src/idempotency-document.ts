import { Timestamp } from 'firebase-admin/firestore';
import type { Commit, EventMeta, StoredIdempotency } from '@firebase-event-store/kernel';
import { committedEvents } from '@firebase-event-store/kernel/adapter';
import type { StoredDocument } from './document-reader.js';
import { isoTime } from './event-document.js';

/**
 * `tenants/{tenant}/idempotency/{key}`: what one commit wrote, so that a retry with the same
 * key gets the same answer. Written in the commit's batch; `expiresAt` is its TTL field.
 */
interface IdempotencyDocument {
  readonly fingerprint: string;
  readonly expiresAt: Timestamp;
  readonly type: string;
  readonly aggregateId: string;
  /** The stream's version after the commit. */
  readonly version: number;
  readonly state: unknown;
  readonly meta: EventMeta;
  readonly events: readonly { readonly name: string; readonly data: unknown; readonly eventVersion?: number }[];
}

/** What a retry needs of the record (not `expiresAt`, which is for Firestore's TTL). */
export const IDEMPOTENCY_FIELDS = ['fingerprint', 'type', 'aggregateId', 'version', 'state', 'meta', 'events'] as const;

export function toIdempotencyDocument({ stream, expectedVersion, events, snapshot, meta, idempotency }: Commit) {
  const document: IdempotencyDocument = {
    fingerprint: idempotency!.fingerprint,
    expiresAt: Timestamp.fromDate(idempotency!.expiresAt),
    type: stream.type,
    aggregateId: stream.id,
    version: expectedVersion + events.length,
    state: snapshot.state,
    meta,
    events: events.map(({ name, data, eventVersion = 1 }) => ({ name, data, eventVersion })),
  };
  return document;
}

export function fromIdempotencyDocument(tenant: string, { data, createTime }: StoredDocument): StoredIdempotency {
  const { fingerprint, type, aggregateId: id, version, state, meta, events } = data as IdempotencyDocument;
  const committedAt = isoTime(createTime);
  const first = version - events.length + 1;
  return {
    fingerprint,
    stream: { tenant, type, id },
    version,
    state,
    events: committedEvents({ tenant, type, id }, first, events, committedAt, meta),
  };
}
