import type { CommittedEvent } from '../ports/event-store.js';
import {
  LeaseLost,
  NEW_PROJECTION,
  NEW_READER,
  readerRules as rules,
  type LogState,
  type LogStep,
  type ReaderKey,
  type ReaderRecord,
  type ReaderStore,
} from '../ports/reader-store.js';
import { stagedView } from '../reader/staged-view.js';
import { copy, tick, type InMemoryState, type Tenant } from './in-memory-state.js';

/** The reader half of the in-memory store: the same semantics as Firestore's, without I/O. */
export function inMemoryReaders({ tenantOf, tenants }: InMemoryState): ReaderStore {
  const readerOf = ({ tenant, handler }: ReaderKey) => tenantOf(tenant).readers.get(handler) ?? NEW_READER;
  const save = ({ tenant, handler }: ReaderKey, reader: ReaderRecord) =>
    void tenantOf(tenant).readers.set(handler, reader);
  const stateOf = (reader: ReaderRecord) => copy(rules.stateOf(reader));
  const logOf = (tenant: Tenant): LogState => ({
    head: tenant.log.length,
    projections: Object.fromEntries(tenant.projections),
  });

  /** Gives the oldest pending events the next positions (what a step's `sequence` writes). */
  function position(tenant: Tenant, events: readonly CommittedEvent[]) {
    tenant.pending = tenant.pending.slice(events.length);
    return events.map((event) => {
      const positioned = { ...event, position: tenant.log.length + 1 };
      tenant.log.push(positioned);
      const stream = tenant.streams.get(`${event.type}/${event.aggregateId}`)!;
      stream.events[event.version - 1] = positioned;
      return positioned;
    });
  }

  return {
    stepLog(name, { pending }, work) {
      const tenant = tenantOf(name);
      // One step at a time per tenant, as Firestore's transactions on the log document are.
      const step = tenant.steps.then(async () => {
        await tick();
        const state = copy(logOf(tenant));
        let taken: CommittedEvent[] | undefined;
        const staged = stagedView(async (collection, id) => {
          await tick();
          return copy(tenant.documents.get(`${collection}/${id}`));
        });
        const log: LogStep = {
          ...state,
          projection: (handler) => Promise.resolve(state.projections[handler] ?? NEW_PROJECTION),
          async readLog(after, limit) {
            await tick();
            return copy(tenant.log.slice(after, after + limit));
          },
          async sequence() {
            await tick();
            if (taken) throw new Error('A step positions events once');
            taken = tenant.pending.slice(0, pending);
            return taken.map((event, index) => copy({ ...event, position: state.head + index + 1 }));
          },
          view: staged.view,
        };
        const { writes, result } = await work(log);
        // Where a transaction would commit: nothing has been written yet.
        if (taken) position(tenant, taken);
        for (const { collection, id, data } of staged.writes()) {
          if (data === null) tenant.documents.delete(`${collection}/${id}`);
          else tenant.documents.set(`${collection}/${id}`, data);
        }
        for (const [handler, record] of Object.entries(writes.projections ?? {}))
          tenant.projections.set(handler, copy(record));
        for (const letter of writes.deadLetters ?? [])
          tenant.deadLetters.set(`${letter.handler}~${letter.eventId}`, copy(letter));
        for (const handler of writes.clearDeadLetters ?? [])
          for (const [id, letter] of tenant.deadLetters) if (letter.handler === handler) tenant.deadLetters.delete(id);
        return result;
      });
      tenant.steps = step.catch(() => undefined);
      return step;
    },

    async readLogState(name) {
      await tick();
      return copy(logOf(tenantOf(name)));
    },

    async clearReadModel(name, collections) {
      await tick();
      const documents = tenantOf(name).documents;
      for (const at of documents.keys()) if (collections.includes(at.split('/')[0]!)) documents.delete(at);
    },

    async acquire(key, owner, now, leaseMs) {
      await tick();
      const reader = readerOf(key);
      if (rules.heldByAnother(reader.lease, owner, now)) return undefined;
      save(key, { ...reader, lease: { owner, until: now + leaseMs } });
      return stateOf(reader);
    },

    async advance(key, owner, from, { now, leaseMs }, step) {
      await tick();
      const reader = readerOf(key);
      if (!rules.holds(reader, owner) || reader.position !== from) throw new LeaseLost(`${key.handler} lost its lease`);
      save(key, rules.afterStep(reader, step, owner, now + leaseMs));
      if (step.deadLetter)
        tenantOf(key.tenant).deadLetters.set(`${key.handler}~${step.deadLetter.eventId}`, copy(step.deadLetter));
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

    async releaseDeadLetter(key, { skip }) {
      await tick();
      const reader = readerOf(key);
      const deadLetters = tenantOf(key.tenant).deadLetters;
      for (const [id, letter] of deadLetters) if (letter.handler === key.handler) deadLetters.delete(id);
      save(key, { ...reader, position: rules.positionAfterRelease(reader, skip), failure: null, blocked: false });
    },

    async head(tenant) {
      await tick();
      return tenantOf(tenant).log.length;
    },

    async deadLetters(tenant) {
      await tick();
      return copy([...tenantOf(tenant).deadLetters.values()]);
    },

    async tenantsWithPendingWork({ projections, reactions }) {
      await tick();
      return [...tenants.entries()]
        .filter(([, tenant]) => {
          const head = tenant.log.length;
          const projectionBehind = (name: string) => {
            const record = tenant.projections.get(name);
            return record ? rules.logUnsettled({ head, projections: { [name]: record } }) : head > 0;
          };
          return (
            tenant.pending.length > 0 ||
            projections.some(projectionBehind) ||
            reactions.some((name) => rules.isBehind(tenant.readers.get(name) ?? NEW_READER, head))
          );
        })
        .map(([name]) => name);
    },
  };
}
