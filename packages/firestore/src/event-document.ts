import { FieldValue, type DocumentSnapshot, type Timestamp } from 'firebase-admin/firestore';
import type { CommittedEvent, EventMeta, NewEvent } from '@firebase-event-store/kernel';
import { parseEventId } from '@firebase-event-store/kernel/adapter';

/**
 * The fields of an event document. Everything else is already known: the tenant from its path,
 * the type, aggregate id and version from its id, the commit time from its createTime. Every
 * field costs index writes on every commit, so the document carries nothing twice.
 */
export interface EventDocument {
  readonly name: string;
  readonly data: unknown;
  /** The version of the event's definition it was written with (absent in events of before it existed: 1). Not indexed. */
  readonly eventVersion?: number;
  /** `causationId` is left out when there is none. */
  readonly meta: Omit<EventMeta, 'causationId'> & { readonly causationId?: string };
  /** Null until the sequencer gives the event its place in the tenant's log. */
  readonly position: number | null;
  /**
   * The commit time while the event waits for its position, deleted when it gets one: the
   * sequencer takes the oldest pending events first (`orderBy('pending')` finds only events
   * that have the field), so the log is in commit order across every batch it positions.
   */
  readonly pending?: Timestamp | FieldValue;
}

export const isoTime = (time: Timestamp) => time.toDate().toISOString();

export function toEventDocument(
  { name, data, eventVersion = 1 }: NewEvent,
  { causationId, ...meta }: EventMeta,
): EventDocument {
  return {
    name,
    data,
    eventVersion,
    meta: causationId === null ? meta : { ...meta, causationId },
    position: null,
    pending: FieldValue.serverTimestamp(),
  };
}

export function fromEventDocument(tenant: string, snapshot: DocumentSnapshot): CommittedEvent {
  const { name, data, eventVersion = 1, meta, position } = snapshot.data() as EventDocument;
  return {
    id: snapshot.id,
    tenant,
    ...parseEventId(snapshot.id),
    name,
    data,
    eventVersion,
    committedAt: isoTime(snapshot.createTime!),
    position,
    meta: { ...meta, causationId: meta.causationId ?? null },
  };
}
