import type { DocumentSnapshot, Timestamp } from 'firebase-admin/firestore';
import type { CommittedEvent, EventMeta } from '../../application/event-store.js';

/** The fields of an event document; the tenant is in its path, the commit time is its createTime. */
export interface EventDocument {
  readonly type: string;
  readonly aggregateId: string;
  readonly version: number;
  readonly name: string;
  readonly data: unknown;
  readonly meta: EventMeta;
  /** Null until the sequencer gives the event its place in the tenant's log. */
  readonly position: number | null;
}

export const isoTime = (time: Timestamp) => time.toDate().toISOString();

export function fromEventDocument(tenant: string, snapshot: DocumentSnapshot): CommittedEvent {
  const { type, aggregateId, version, name, data, meta, position } = snapshot.data() as EventDocument;
  return {
    id: snapshot.id,
    tenant,
    type,
    aggregateId,
    version,
    name,
    data,
    committedAt: isoTime(snapshot.createTime!),
    position,
    meta,
  };
}
