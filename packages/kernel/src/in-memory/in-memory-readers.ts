import {
  LeaseLost,
  NEW_READER,
  readerRules as rules,
  type ReaderKey,
  type ReaderRecord,
  type ReaderStore,
} from '../ports/reader-store.js';
import { stagedView } from '../reader/staged-view.js';
import { copy, tick, type InMemoryState } from './in-memory-state.js';

/** The reader half of the in-memory store: the same semantics as Firestore's, without I/O. */
export function inMemoryReaders({ tenantOf, tenants }: InMemoryState): ReaderStore {
  const readerOf = ({ tenant, handler }: ReaderKey) => tenantOf(tenant).readers.get(handler) ?? NEW_READER;
  const save = ({ tenant, handler }: ReaderKey, reader: ReaderRecord) =>
    void tenantOf(tenant).readers.set(handler, reader);
  const stateOf = (reader: ReaderRecord) => copy(rules.stateOf(reader));

  return {
    async acquire(key, owner, now, leaseMs) {
      await tick();
      const reader = readerOf(key);
      if (rules.heldByAnother(reader, owner, now)) return undefined;
      save(key, { ...reader, lease: { owner, until: now + leaseMs } });
      return stateOf(reader);
    },

    async advance(key, owner, from, { now, leaseMs }, collections, work) {
      await tick();
      const documents = tenantOf(key.tenant).documents;
      const staged = stagedView(
        async (collection, id) => {
          await tick();
          return copy(documents.get(`${collection}/${id}`));
        },
        { handler: key.handler, collections },
      );
      const step = await work(staged.view);
      // Checked at the end, where a transaction would commit: nothing has been written yet.
      const reader = readerOf(key);
      if (!rules.holds(reader, owner) || reader.position !== from) throw new LeaseLost(`${key.handler} lost its lease`);
      for (const { collection, id, data } of staged.writes()) {
        if (data === null) documents.delete(`${collection}/${id}`);
        else documents.set(`${collection}/${id}`, data); // staged writes are copies already
      }
      save(key, rules.afterStep(reader, step, owner, now + leaseMs));
      if (step.deadLetter)
        tenantOf(key.tenant).deadLetters.set(`${key.handler}~${step.deadLetter.eventId}`, copy(step.deadLetter));
      return step;
    },

    async release(key, owner, position) {
      await tick();
      const tenant = tenantOf(key.tenant);
      const reader = readerOf(key);
      if (!rules.holds(reader, owner)) return true;
      if (rules.keepsLease(reader, tenant.log.length, position)) return false;
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
      save(key, { ...reader, position: rules.positionAfterRelease(reader, skip), failure: null, blocked: false });
    },

    async reset(key, owner, collections) {
      await tick();
      const reader = readerOf(key);
      if (!rules.holds(reader, owner)) throw new LeaseLost(`${key.handler} lost its lease`);
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
            handlers.some((handler) => rules.isBehind(tenant.readers.get(handler) ?? NEW_READER, tenant.log.length)),
        )
        .map(([name]) => name);
    },
  };
}
