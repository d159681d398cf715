import type { EventStore, Snapshot, StreamKey } from '../ports/event-store.js';
import type { Document } from '../event-handler.js';
import type { ReaderStore } from '../ports/reader-store.js';
import { Err } from '../err.js';
import { committedEvents } from '../adapter/committed-events.js';
import { inMemoryReaders } from './in-memory-readers.js';
import { copy, createInMemoryState, tick } from './in-memory-state.js';

export interface InMemoryEventStore extends EventStore, ReaderStore {
  /** Replaces or drops a stream's snapshot behind the store's back, as an operator might. */
  replaceSnapshot(stream: StreamKey, snapshot: Snapshot | undefined): Promise<void>;
  /** A projection's document, as a client of the tenant would read it. */
  readDocument(tenant: string, collection: string, id: string): Promise<Document | undefined>;
  /** Every document of a read-model collection of the tenant, by id. */
  readCollection(tenant: string, collection: string): Promise<Record<string, Document>>;
}

/**
 * The reference adapter: the port's semantics with nothing in the way, for fast unit tests.
 * Every call yields to the event loop first, so concurrent callers interleave between their
 * reads and their commits the way they do against a real database.
 */
export function createInMemoryEventStore(clock: () => Date = () => new Date()): InMemoryEventStore {
  const state = createInMemoryState();
  const { tenantOf } = state;
  const streamOf = ({ tenant, type, id }: StreamKey) => {
    const streams = tenantOf(tenant).streams;
    const key = `${type}/${id}`;
    let found = streams.get(key);
    if (!found) streams.set(key, (found = { events: [], snapshot: undefined }));
    return found;
  };

  return {
    ...inMemoryReaders(state),

    async loadSnapshot(key) {
      await tick();
      return copy(streamOf(key).snapshot);
    },

    async streamVersion(key) {
      await tick();
      return streamOf(key).events.length;
    },

    async commit({ stream: key, expectedVersion, events, snapshot, meta, idempotency }) {
      await tick();
      const stream = streamOf(key);
      const tenant = tenantOf(key.tenant);
      if (stream.events.length !== expectedVersion) {
        throw Err.concurrency(`${key.type} ${key.id} is not at version ${expectedVersion}`);
      }
      if (idempotency && tenant.idempotency.has(idempotency.key)) {
        throw Err.concurrency('The idempotency key was used concurrently');
      }
      const committedAt = clock().toISOString();
      const committed = committedEvents(key, expectedVersion + 1, events, committedAt, meta).map((event) =>
        copy(event),
      );
      const version = expectedVersion + events.length;
      stream.events.push(...committed);
      stream.snapshot = copy({ version, ...snapshot });
      tenant.pending.push(...committed);
      if (idempotency) {
        const { fingerprint } = idempotency;
        tenant.idempotency.set(
          idempotency.key,
          copy({ fingerprint, stream: key, version, events: committed, state: snapshot.state }),
        );
      }
      return copy(committed);
    },

    async readIdempotency(tenant, key) {
      await tick();
      return copy(tenantOf(tenant).idempotency.get(key));
    },

    async *readStream(key, { fromVersion = 1, toVersion = Infinity, pageSize = 500 } = {}) {
      const events = streamOf(key).events;
      for (let from = fromVersion; from <= Math.min(toVersion, events.length); from += pageSize) {
        await tick();
        const to = Math.min(from + pageSize - 1, toVersion);
        yield* copy(events.slice(from - 1, to));
      }
    },

    async sequence(name, { limit = 400 } = {}) {
      await tick();
      const tenant = tenantOf(name);
      const batch = tenant.pending.slice(0, limit);
      tenant.pending = tenant.pending.slice(batch.length);
      for (const event of batch) {
        const sequenced = { ...event, position: tenant.log.length + 1 };
        tenant.log.push(sequenced);
        const stream = streamOf({ tenant: name, type: event.type, id: event.aggregateId });
        stream.events[event.version - 1] = sequenced;
      }
      return batch.length;
    },

    async readLog(tenant, { after, limit }) {
      await tick();
      return copy(tenantOf(tenant).log.slice(after, after + limit));
    },

    async readDocument(tenant, collection, id) {
      await tick();
      return copy(tenantOf(tenant).documents.get(`${collection}/${id}`));
    },

    async readCollection(tenant, collection) {
      await tick();
      const prefix = `${collection}/`;
      return copy(
        Object.fromEntries(
          [...tenantOf(tenant).documents]
            .filter(([at]) => at.startsWith(prefix))
            .map(([at, document]) => [at.slice(prefix.length), document]),
        ),
      );
    },

    async replaceSnapshot(key, snapshot) {
      await tick();
      streamOf(key).snapshot = copy(snapshot);
    },
  };
}
