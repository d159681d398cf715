import type { Document, ProjectionView } from '../../application/event-handler.js';
import { LeaseLost, type ReaderKey, type ReaderStore } from '../../application/reader-store.js';
import { copy, tick, type InMemoryState, type Reader } from './in-memory-state.js';

const NEW_READER: Reader = { position: 0, failure: null, blocked: false, lease: null };

/** The reader half of the in-memory store: the same semantics as Firestore's, without I/O. */
export function inMemoryReaders({ tenantOf, tenants }: InMemoryState): ReaderStore {
  const readerOf = ({ tenant, handler }: ReaderKey) => tenantOf(tenant).readers.get(handler) ?? NEW_READER;
  const save = ({ tenant, handler }: ReaderKey, reader: Reader) => void tenantOf(tenant).readers.set(handler, reader);
  const holds = (reader: Reader, owner: string) => reader.lease?.owner === owner;
  const stateOf = ({ position, failure, blocked }: Reader) => copy({ position, failure, blocked });

  return {
    async acquire(key, owner, now, leaseMs) {
      await tick();
      const reader = readerOf(key);
      if (reader.lease && reader.lease.owner !== owner && reader.lease.until > now) return undefined;
      save(key, { ...reader, lease: { owner, until: now + leaseMs } });
      return stateOf(reader);
    },

    async advance(key, owner, from, { now, leaseMs }, collections, work) {
      await tick();
      const documents = tenantOf(key.tenant).documents;
      const writes = new Map<string, Document | null>();
      const path = (collection: string, id: string) => {
        if (!collections.includes(collection)) throw new Error(`${key.handler} may not touch ${collection}`);
        return `${collection}/${id}`;
      };
      const view: ProjectionView = {
        get: async (collection, id) => {
          await tick();
          const at = path(collection, id);
          const written = writes.get(at);
          return copy(written === undefined ? documents.get(at) : (written ?? undefined));
        },
        set: (collection, id, data) => void writes.set(path(collection, id), copy(data)),
        delete: (collection, id) => void writes.set(path(collection, id), null),
      };
      const step = await work(view);
      // Checked at the end, where a transaction would commit: nothing has been written yet.
      const reader = readerOf(key);
      if (!holds(reader, owner) || reader.position !== from) throw new LeaseLost(`${key.handler} lost its lease`);
      for (const [at, data] of writes) {
        if (data === null) documents.delete(at);
        else documents.set(at, data);
      }
      const blocked = reader.blocked || step.deadLetter !== undefined;
      save(key, { position: step.position, failure: step.failure, blocked, lease: { owner, until: now + leaseMs } });
      if (step.deadLetter)
        tenantOf(key.tenant).deadLetters.set(`${key.handler}~${step.deadLetter.eventId}`, copy(step.deadLetter));
      return step;
    },

    async release(key, owner, position) {
      await tick();
      const tenant = tenantOf(key.tenant);
      const reader = readerOf(key);
      if (!holds(reader, owner)) return true;
      if (tenant.log.length > position && !reader.blocked) return false;
      save(key, { ...reader, lease: null });
      return true;
    },

    async readerState(key) {
      await tick();
      return stateOf(readerOf(key));
    },

    async head(tenant) {
      await tick();
      return tenantOf(tenant).log.length;
    },

    async deadLetters(tenant) {
      await tick();
      return copy([...tenantOf(tenant).deadLetters.values()]);
    },

    async releaseDeadLetter(key, { skip }) {
      await tick();
      const reader = readerOf(key);
      const deadLetters = tenantOf(key.tenant).deadLetters;
      for (const [id, letter] of deadLetters) if (letter.handler === key.handler) deadLetters.delete(id);
      const position = skip && reader.failure ? reader.failure.position : reader.position;
      save(key, { ...reader, position, failure: null, blocked: false });
    },

    async reset(key, owner, collections) {
      await tick();
      const reader = readerOf(key);
      if (!holds(reader, owner)) throw new LeaseLost(`${key.handler} lost its lease`);
      const documents = tenantOf(key.tenant).documents;
      for (const at of documents.keys()) if (collections.includes(at.split('/')[0]!)) documents.delete(at);
      save(key, { ...reader, position: 0, failure: null, blocked: false });
    },

    async tenantsWithPendingWork(handlers) {
      await tick();
      return [...tenants.entries()]
        .filter(
          ([, tenant]) =>
            tenant.pending.length > 0 ||
            handlers.some((handler) => {
              const reader = tenant.readers.get(handler) ?? NEW_READER;
              return !reader.blocked && reader.position < tenant.log.length;
            }),
        )
        .map(([name]) => name);
    },
  };
}
