import type { CommittedEvent, EventMeta, NewEvent, StreamKey } from '../ports/event-store.js';
import { eventId } from './event-id.js';

/** The events of one commit as the store reports them: versions from `firstVersion` on, not yet sequenced. */
export const committedEvents = (
  stream: StreamKey,
  firstVersion: number,
  events: readonly NewEvent[],
  committedAt: string,
  meta: EventMeta,
): CommittedEvent[] =>
  events.map(({ name, data, eventVersion = 1 }, index) => ({
    id: eventId(stream.type, stream.id, firstVersion + index),
    tenant: stream.tenant,
    type: stream.type,
    aggregateId: stream.id,
    version: firstVersion + index,
    name,
    data,
    eventVersion,
    committedAt,
    position: null,
    meta,
  }));
