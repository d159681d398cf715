import type { EventStore, Snapshot, StreamKey } from '../ports/event-store.js';
import type { Document } from '../event-handler.js';
import type { ReaderStore } from '../ports/reader-store.js';
import type { PersonalDataStore } from '../ports/personal-data-store.js';
import type { WorkflowStore } from '../ports/workflow-store.js';
import { newKey } from '../personal/sealed-value.js';
import { Err } from '../err.js';
import { committedEvents } from '../adapter/committed-events.js';
import { inMemoryReaders } from './in-memory-readers.js';
import { inMemoryWorkflows } from './in-memory-workflows.js';
import { copy, createInMemoryState, tick } from './in-memory-state.js';

export interface InMemoryEventStore extends EventStore, ReaderStore, PersonalDataStore, WorkflowStore {
  /** Replaces or drops a stream's snapshot behind the store's back, as an operator might. */
  replaceSnapshot(stream: StreamKey, snapshot: Snapshot | undefined): Promise<void>;
  /** A projection's document, as a client of the tenant would read it. */
  readDocument(tenant: string, collection: string, id: string): Promise<Document | undefined>;
  /** Every document of a read-model collection of the tenant, by id. */
  readCollection(tenant: string, collection: string): Promise<Record<string, Document>>;
  /** Every document the store holds for a tenant, by its Firestore-like path: what a test searches. */
  documents(tenant: string): Map<string, unknown>;
  /** Deletes a subject's key behind the store's back, as a lost backup would. */
  dropKey(tenant: string, keyId: string): Promise<void>;
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

  const readers = inMemoryReaders(state);
  return {
    ...readers,
    ...inMemoryWorkflows(state),

    async loadSnapshot(key) {
      await tick();
      return copy(streamOf(key).snapshot);
    },

    async streamVersion(key) {
      await tick();
      return streamOf(key).events.length;
    },

    async commit({ stream: key, expectedVersion, events, snapshot, meta, idempotency, unique, consulted }) {
      await tick();
      const stream = streamOf(key);
      const tenant = tenantOf(key.tenant);
      for (const { rule, key: claim } of unique?.claim ?? []) {
        const holder = tenant.unique.get(claim);
        if (holder && (holder.type !== key.type || holder.aggregateId !== key.id))
          throw Err.precondition(rule, `${rule} is already taken`);
      }
      if (stream.events.length !== expectedVersion) {
        throw Err.concurrency(`${key.type} ${key.id} is not at version ${expectedVersion}`);
      }
      for (const { stream: other, version } of consulted ?? []) {
        if (streamOf(other).events.length !== version)
          throw Err.concurrency(`${other.type} ${other.id}, consulted, changed concurrently`);
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
      for (const released of unique?.release ?? []) tenant.unique.delete(released);
      for (const { rule, key: claim } of unique?.claim ?? [])
        tenant.unique.set(claim, { type: key.type, aggregateId: key.id, rule });
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

    sequence(tenant, { limit = 400 } = {}) {
      return readers.stepLog(tenant, { pending: limit }, async (log) => ({ writes: {}, result: await log.sequence() }));
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

    documents(tenant) {
      const { streams, idempotency, unique, documents, subjectKeys, readers, projections, log, deadLetters } =
        tenantOf(tenant);
      const { instances, timers } = tenantOf(tenant);
      const all = new Map<string, unknown>();
      for (const [at, { events, snapshot }] of streams) {
        for (const event of events) all.set(`events/${event.id}`, event);
        if (snapshot) all.set(at, snapshot);
      }
      const under = (collection: string, map: Map<string, unknown>) => {
        for (const [id, document] of map) all.set(`${collection}/${id}`, document);
      };
      under('idempotency', idempotency);
      under('unique', unique);
      under('subjectKeys', subjectKeys);
      under('readers', readers);
      all.set('system/log', { position: log.length, projections: Object.fromEntries(projections) });
      under('deadLetters', deadLetters);
      under('workflows', instances);
      under('timers', timers);
      for (const [at, document] of documents) all.set(at, document);
      return all;
    },

    async dropKey(tenant, keyId) {
      await tick();
      tenantOf(tenant).subjectKeys.delete(keyId);
    },

    async subjectKey(tenant, keyId, subject) {
      await tick();
      const keys = tenantOf(tenant).subjectKeys;
      const found = keys.get(keyId) ?? { subject, key: newKey() };
      keys.set(keyId, found);
      return found.key && Buffer.from(found.key);
    },

    async findKey(tenant, keyId) {
      await tick();
      const found = tenantOf(tenant).subjectKeys.get(keyId);
      if (!found) return undefined;
      return found.key ? { key: Buffer.from(found.key) } : { forgotten: true };
    },

    async forgetKey(tenant, keyId, subject, at) {
      await tick();
      const keys = tenantOf(tenant).subjectKeys;
      const already = keys.get(keyId)?.forgottenAt !== undefined;
      if (!already) keys.set(keyId, { subject, forgottenAt: at.toISOString() });
      return already;
    },

    async rewriteSnapshot(key, snapshot) {
      await tick();
      const stream = streamOf(key);
      if (stream.events.length !== snapshot.version) return false;
      stream.snapshot = copy(snapshot);
      return true;
    },

    async idempotencyRecords({ tenant, type, id }) {
      await tick();
      return [...tenantOf(tenant).idempotency]
        .filter(([, record]) => record.stream.type === type && record.stream.id === id)
        .map(([key, { version }]) => ({ key, version }));
    },

    async rewriteIdempotencyState(tenant, key, state) {
      await tick();
      const records = tenantOf(tenant).idempotency;
      const record = records.get(key);
      if (record) records.set(key, { ...record, state: copy(state) });
    },
  };
}
