import type { DocumentSnapshot, Timestamp } from 'firebase-admin/firestore';
import type { CommittedEvent, EventMeta } from '@firebase-event-store/kernel';
import { parseEventId } from '@firebase-event-store/kernel/adapter';

/**
 * The fields of an event document. Everything else is already known: the tenant from its path,
 * the type, aggregate id and version from its id, the commit time from its createTime. Every
 * field costs index writes on every commit, so the document carries nothing twice.
 */
export interface EventDocument {
  readonly name: string;
  readonly data: unknown;
  /** `causationId` is left out when there is none. */
  readonly meta: Omit<EventMeta, 'causationId'> & { readonly causationId?: string };
  /** Null until the sequencer gives the event its place in the tenant's log. */
  readonly position: number | null;
}

export const isoTime = (time: Timestamp) => time.toDate().toISOString();

export function toEventDocument(name: string, data: unknown, { causationId, ...meta }: EventMeta): EventDocument {
  return { name, data, meta: causationId === null ? meta : { ...meta, causationId }, position: null };
}

export function fromEventDocument(tenant: string, snapshot: DocumentSnapshot): CommittedEvent {
  const { name, data, meta, position } = snapshot.data() as EventDocument;
  return {
    id: snapshot.id,
    tenant,
    ...parseEventId(snapshot.id),
    name,
    data,
    committedAt: isoTime(snapshot.createTime!),
    position,
    meta: { ...meta, causationId: meta.causationId ?? null },
  };
}
