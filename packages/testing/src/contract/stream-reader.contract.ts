/* eslint-disable max-lines -- a conformance suite: one list of independent cases (attack group D (docs/security.md) and the reader's promises) that every adapter must pass together; split, an adapter could run half of it. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createAggregateRegistry,
  createCommandHandler,
  defineProjection,
  LeaseLost,
  createStreamReader,
} from '@firebase-event-store/kernel';
import type {
  EventStore,
  Document,
  EventHandler,
  HandlerRun,
  ProjectionView,
  ReaderStore,
  StreamReaderOptions,
} from '@firebase-event-store/kernel';
import { actorOf } from '../actors.js';
import { Counter } from '../fixtures/counter.js';
import { Ledger, mailer, poisonable, Totals } from '../fixtures/reader-fixtures.js';

export interface ReaderHarness {
  readonly name: string;
  readonly store: () => EventStore & ReaderStore;
  readonly tenant: () => string;
  readonly readDocument: (tenant: string, collection: string, id: string) => Promise<Document | undefined>;
}

const registry = createAggregateRegistry([Counter]);

/** attack group D (docs/security.md), and the rest of the reader's promises, on any store. */
export function streamReaderContract(harness: ReaderHarness) {
  const setup = (handlers: readonly EventHandler[] = [Ledger, Totals], options: Partial<StreamReaderOptions> = {}) => {
    const store = harness.store();
    const tenant = harness.tenant();
    const writer = createCommandHandler({ store, registry, newId: randomUUID });
    const actor = actorOf(tenant);
    const reader = createStreamReader({ store, handlers, newId: randomUUID, ...options });
    const increment = (id: string, by: number) => writer.command(actor, 'Increment', { aggregateId: id, by });
    const ledger = async () =>
      (await harness.readDocument(tenant, 'Ledger', 'all')) as { positions: number[]; ids: string[] } | undefined;
    const position = async (handler: string) =>
      ((await store.readLogState(tenant)).projections[handler] ?? (await store.readerState({ tenant, handler })))
        .position;
    return { store, tenant, reader, increment, ledger, position };
  };
  const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  describe(`StreamReader contract: ${harness.name}`, () => {
    it('D1 a trigger delivered twice changes the projection once', async () => {
      const { reader, tenant, increment, ledger } = setup();
      await increment('a', 1);
      await reader.poll(tenant);
      await reader.poll(tenant);
      expect((await ledger())?.positions).toEqual([1]);
      expect(await harness.readDocument(tenant, 'Totals', 'a')).toEqual({ total: 1 });
    });

    it('D2 version 3 delivered before version 2: the projection is the fold of 1..3, in order', async () => {
      const { reader, tenant, increment, ledger, store } = setup();
      for (const by of [1, 2, 3]) await increment('a', by);
      await store.sequence(tenant);
      const events = await store.readLog(tenant, { after: 0, limit: 10 });
      // Triggers for versions 3, 2, 1: each only wakes the reader; what it reads is the log, in order.
      for (const event of events.reverse()) {
        expect(event.version).toBeGreaterThan(0);
        await reader.poll(tenant);
      }
      events.reverse();
      expect((await ledger())?.ids).toEqual(events.map((event) => event.id));
      expect(await harness.readDocument(tenant, 'Totals', 'a')).toEqual({ total: 6 });
    });

    it('D3 100 events delivered shuffled with 20% duplicates: the projection is the fold, at position 100', async () => {
      const { reader, tenant, increment, ledger, position, store } = setup();
      const deliveries: string[] = [];
      for (let i = 0; i < 100; i++) {
        const { aggregateId } = await increment(`c${i % 7}`, i);
        deliveries.push(aggregateId);
        if (i % 5 === 0) deliveries.push(aggregateId);
      }
      deliveries.sort(() => Math.random() - 0.5);
      // Delivered to three instances at once, in bursts, as at-least-once triggers arrive.
      const instances = [
        reader,
        ...Array.from({ length: 2 }, () =>
          createStreamReader({ store, handlers: [Ledger, Totals], newId: randomUUID }),
        ),
      ];
      await Promise.all(deliveries.map((_, i) => instances[i % 3]!.poll(tenant)));
      await reader.poll(tenant);
      expect((await ledger())?.positions).toEqual(upTo(100));
      expect(await position('Ledger')).toBe(100);
      for (let c = 0; c < 7; c++) {
        const expected = upTo(100)
          .map((n) => n - 1)
          .filter((i) => i % 7 === c)
          .reduce((a, b) => a + b, 0);
        expect(await harness.readDocument(tenant, 'Totals', `c${c}`)).toEqual({ total: expected });
      }
    });

    it('D4 a crash after applying k of n events of a batch: the next run resumes, nothing lost or doubled', async () => {
      const { store, tenant, increment, ledger } = setup();
      for (let i = 0; i < 10; i++) await increment('a', i);
      // The process dies inside the commit of its first step, after the handlers ran on every event.
      let crashes = 1;
      const crashing: EventStore & ReaderStore = Object.assign(Object.create(store) as EventStore & ReaderStore, {
        stepLog: (async (tenant, options, work) => {
          if (crashes-- > 0) {
            await store.stepLog(
              tenant,
              options,
              async (step) => (await work(step), Promise.reject(new Error('process killed'))),
            );
          }
          return store.stepLog(tenant, options, work);
        }) satisfies ReaderStore['stepLog'],
      });
      const dying = createStreamReader({ store: crashing, handlers: [Ledger], newId: randomUUID, pageSize: 4 });
      expect((await dying.poll(tenant))[0]).toMatchObject({ status: 'error', to: 0 });
      expect(await ledger()).toBeUndefined();
      expect(await store.readLog(tenant, { after: 0, limit: 10 })).toEqual([]); // not even positioned
      const next = createStreamReader({ store, handlers: [Ledger], newId: randomUUID, pageSize: 4 });
      expect((await next.poll(tenant))[0]).toMatchObject({ status: 'caught-up', to: 10 });
      expect((await ledger())?.positions).toEqual(upTo(10));
    });

    it('D4 reactions: a crash after an effect, before its position is saved, redelivers that event only', async () => {
      const { store, tenant, increment } = setup();
      const { reaction, sent } = mailer();
      for (let i = 0; i < 6; i++) await increment('a', i);
      let saves = 0;
      const crashing: EventStore & ReaderStore = {
        ...store,
        advance: async (...args) => {
          if (++saves === 3) throw new Error('process killed'); // the third effect happened; its save did not
          return store.advance(...args);
        },
      };
      await createStreamReader({ store: crashing, handlers: [reaction], newId: randomUUID, leaseMs: 1 }).poll(tenant);
      await createStreamReader({ store, handlers: [reaction], newId: randomUUID }).poll(tenant);
      const ids = (await store.readLog(tenant, { after: 0, limit: 10 })).map((event) => event.id);
      expect(sent).toEqual([...ids.slice(0, 3), ...ids.slice(2)]); // at least once: event 3 twice, same id
    });

    it('D5 an event that always fails: dead letter after the budget, the handler stops, others go on; released, it catches up', async () => {
      const { projection, switches } = poisonable();
      const { store, tenant, increment, reader, ledger } = setup([Ledger, projection], { retryBudget: 3 });
      const other = setup([projection], { retryBudget: 3 });
      await increment('a', 1);
      await increment('a', 13);
      await increment('a', 2);
      await other.increment('b', 1);
      const statuses = [];
      for (let run = 0; run < 4; run++) {
        const runs = await reader.poll(tenant); // never throws: a trigger returns success
        statuses.push(runs.find((r) => r.handler === 'Poisonable')?.status);
      }
      expect(statuses).toEqual(['failed', 'failed', 'dead-lettered', 'blocked']);
      expect(await harness.readDocument(tenant, 'Poisonable', 'all')).toEqual({ count: 1 }); // half-done effects never land
      const [letter] = await store.deadLetters(tenant);
      expect(letter).toMatchObject({ handler: 'Poisonable', position: 2, attempts: 3, error: 'poisoned by 13' });
      expect((await ledger())?.positions).toEqual([1, 2, 3]); // the other handler went on
      expect((await other.reader.poll(other.tenant))[0]).toMatchObject({ status: 'caught-up', to: 1 }); // so did the other tenant
      const [lag] = (await reader.lag(tenant)).filter((entry) => entry.handler === 'Poisonable');
      expect(lag).toMatchObject({ position: 1, head: 3, events: 2, blocked: true });

      switches.broken = false; // the operator fixes the handler, then releases it
      await reader.release(tenant, 'Poisonable', { skip: false });
      await reader.poll(tenant);
      expect(await harness.readDocument(tenant, 'Poisonable', 'all')).toEqual({ count: 3 });
      expect(await store.deadLetters(tenant)).toEqual([]);
    });

    it('D5 a handler that changes what it read, then fails, leaves none of that change behind', async () => {
      const InPlace = defineProjection({
        name: 'InPlace',
        from: [Counter],
        readModel: { InPlace: z.object({ total: z.number() }) },
        on: {
          Incremented: async (event, view) => {
            const { by } = event.data;
            const doc = (await view.get('InPlace', 'all')) ?? { total: 0 };
            doc.total = doc.total + by; // changes the object it was given
            if (by === 13) throw new Error('poisoned by 13');
            view.set('InPlace', 'all', doc);
            doc.total = -1; // and after handing it over: Firestore has the value set() saw
          },
        },
      });
      const { tenant, increment, reader } = setup([InPlace], { retryBudget: 1 });
      await increment('a', 1);
      await increment('a', 13); // the same page as the first: its staged write is what 13 reads
      await reader.poll(tenant);
      expect(await harness.readDocument(tenant, 'InPlace', 'all')).toEqual({ total: 1 });
    });

    it('D5 released with skip: the dead event is passed over, on purpose', async () => {
      const { projection } = poisonable();
      const { store, tenant, increment, reader } = setup([projection], { retryBudget: 1 });
      for (const by of [1, 13, 2]) await increment('a', by);
      expect((await reader.poll(tenant))[0]).toMatchObject({ status: 'dead-lettered' });
      await reader.release(tenant, 'Poisonable', { skip: true });
      expect((await reader.poll(tenant))[0]).toMatchObject({ status: 'caught-up', from: 2, to: 3 });
      expect(await harness.readDocument(tenant, 'Poisonable', 'all')).toEqual({ count: 2 });
      expect(await store.deadLetters(tenant)).toEqual([]);
    });

    it('D6 ten reader runs at once while writers commit: every event handled exactly once, in order', async () => {
      const { reader, tenant, increment, ledger, store } = setup([Ledger], { pageSize: 7 });
      // Ten instances, as ten function instances would be: they share only the store.
      const instances = Array.from({ length: 10 }, () =>
        createStreamReader({ store, handlers: [Ledger], newId: randomUUID, pageSize: 7 }),
      );
      let writing = true;
      const writers = Promise.all(
        Array.from({ length: 4 }, async (_, w) => {
          for (let i = 0; i < 25; i++) await increment(`w${w}`, 1);
        }),
      ).then(() => (writing = false));
      const readers = Promise.all(
        instances.map(async (instance) => {
          while (writing) await instance.poll(tenant);
        }),
      );
      await Promise.all([writers, readers]);
      await reader.poll(tenant);
      expect((await ledger())?.positions).toEqual(upTo(100));
      const log = await store.readLog(tenant, { after: 0, limit: 200 });
      expect((await ledger())?.ids).toEqual(log.map((event) => event.id));
    });

    it('D7 a full rebuild equals the incrementally maintained projection', async () => {
      const { reader, tenant, increment } = setup([Totals]);
      for (let i = 0; i < 30; i++) {
        await increment(`r${i % 3}`, i);
        if (i % 4 === 0) await reader.poll(tenant);
      }
      await reader.poll(tenant);
      const incremental = await Promise.all(['r0', 'r1', 'r2'].map((id) => harness.readDocument(tenant, 'Totals', id)));
      await expect(reader.rebuild(tenant, 'Totals')).resolves.toMatchObject({ status: 'caught-up', from: 0, to: 30 });
      const rebuilt = await Promise.all(['r0', 'r1', 'r2'].map((id) => harness.readDocument(tenant, 'Totals', id)));
      expect(rebuilt).toEqual(incremental);
      await expect(reader.rebuild(tenant, 'Mailer')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('D7 a rebuild keeps its lease from the reset to the end: a trigger in between finds it busy', async () => {
      const base = harness.store();
      // Right after the rebuild empties the read model, a trigger's poll runs to the end.
      const polls: HandlerRun[][] = [];
      const store: EventStore & ReaderStore = Object.assign(Object.create(base) as EventStore & ReaderStore, {
        clearReadModel: async (...args: Parameters<ReaderStore['clearReadModel']>) => {
          await base.clearReadModel(...args);
          polls.push(await reader.poll(tenant));
        },
      });
      const tenant = harness.tenant();
      const writer = createCommandHandler({ store, registry, newId: randomUUID });
      const reader = createStreamReader({ store, handlers: [Totals, Ledger], newId: randomUUID });
      for (let i = 0; i < 5; i++) await writer.command(actorOf(tenant), 'Increment', { aggregateId: 'r', by: 1 });
      await reader.poll(tenant);
      await writer.command(actorOf(tenant), 'Increment', { aggregateId: 'r', by: 1 }); // pending during the rebuild
      await expect(reader.rebuild(tenant, 'Totals')).resolves.toMatchObject({ status: 'caught-up', from: 0 });
      expect(polls).toEqual([
        [
          expect.objectContaining({ handler: 'Totals', status: 'busy' }),
          expect.objectContaining({ handler: 'Ledger', status: 'caught-up', from: 5, to: 6 }),
        ],
      ]);
      await reader.poll(tenant);
      expect(await harness.readDocument(tenant, 'Totals', 'r')).toEqual({ total: 6 });
      expect((await harness.readDocument(tenant, 'Ledger', 'all'))?.positions).toEqual(upTo(6));
    });

    it('a rebuild of one projection never moves another’s place or touches its documents', async () => {
      const { reader, tenant, increment, store, ledger } = setup([Ledger, Totals]);
      for (let i = 0; i < 12; i++) await increment(`r${i % 2}`, i);
      await reader.poll(tenant);
      const before = { ledger: await ledger(), place: (await store.readLogState(tenant)).projections.Ledger };
      await reader.rebuild(tenant, 'Totals');
      expect({ ledger: await ledger(), place: (await store.readLogState(tenant)).projections.Ledger }).toEqual(before);
      expect(await harness.readDocument(tenant, 'Totals', 'r0')).toEqual({ total: 0 + 2 + 4 + 6 + 8 + 10 });
    });

    it('a rebuild whose holder crashed is taken over once its lease expires, and finishes', async () => {
      let time = 1_000_000;
      const clock = () => new Date(time);
      const { store, tenant, increment } = setup([Totals], { clock });
      for (let i = 0; i < 4; i++) await increment('r', 1);
      await createStreamReader({ store, handlers: [Totals], newId: randomUUID, clock }).poll(tenant);
      const crashing: EventStore & ReaderStore = Object.assign(Object.create(store) as EventStore & ReaderStore, {
        clearReadModel: () => Promise.reject(new Error('process killed')),
      });
      const dying = createStreamReader({ store: crashing, handlers: [Totals], newId: randomUUID, clock });
      expect(await dying.rebuild(tenant, 'Totals')).toMatchObject({ status: 'error' });
      const reader = createStreamReader({ store, handlers: [Totals], newId: randomUUID, clock });
      expect(await reader.poll(tenant)).toEqual([expect.objectContaining({ status: 'busy' })]); // its lease holds
      await expect(reader.rebuild(tenant, 'Totals')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      time += 10_001; // the default lease: seconds, not a minute
      expect(await reader.poll(tenant)).toEqual([expect.objectContaining({ status: 'caught-up', from: 0, to: 4 })]);
      expect(await harness.readDocument(tenant, 'Totals', 'r')).toEqual({ total: 4 });
      expect((await store.readLogState(tenant)).projections.Totals).toMatchObject({ position: 4, rebuild: null });
    });

    it('a failing projection holds back none of the others: they take every event, in the same steps', async () => {
      const { projection } = poisonable();
      const { store, tenant, increment, reader, ledger } = setup([Ledger, projection, Totals], { retryBudget: 2 });
      for (const by of [1, 13, 2]) await increment('a', by);
      expect((await reader.poll(tenant)).map(({ handler, status, to }) => [handler, status, to])).toEqual([
        ['Ledger', 'caught-up', 3],
        ['Poisonable', 'failed', 1],
        ['Totals', 'caught-up', 3],
      ]);
      for (const by of [4, 5]) await increment('a', by);
      const runs = await reader.poll(tenant);
      expect(runs.map(({ handler, status, to }) => [handler, status, to])).toEqual([
        ['Ledger', 'caught-up', 5],
        ['Poisonable', 'dead-lettered', 1],
        ['Totals', 'caught-up', 5],
      ]);
      expect((await ledger())?.positions).toEqual(upTo(5));
      expect(await harness.readDocument(tenant, 'Totals', 'a')).toEqual({ total: 1 + 13 + 2 + 4 + 5 });
      expect((await store.readLogState(tenant)).projections.Poisonable).toMatchObject({ position: 1, blocked: true });
    });

    it('two wake-ups of one tenant at once apply each event once', async () => {
      const { store, tenant, increment, ledger } = setup([Ledger, Totals]);
      for (let round = 0; round < 5; round++) {
        for (let i = 0; i < 4; i++) await increment('a', 1);
        const twins = Array.from({ length: 2 }, () =>
          createStreamReader({ store, handlers: [Ledger, Totals], newId: randomUUID, pageSize: 3 }),
        );
        await Promise.all(twins.map((twin) => twin.poll(tenant)));
      }
      expect((await ledger())?.positions).toEqual(upTo(20));
      expect(await harness.readDocument(tenant, 'Totals', 'a')).toEqual({ total: 20 });
    });

    it('a step that would write more than one atomic write takes is split, and nothing is lost', async () => {
      const Wide = defineProjection({
        name: 'Wide',
        from: [Counter],
        readModel: { Wide: z.object({ by: z.number() }) },
        on: {
          Incremented: (event, view) => {
            for (const copy of ['x', 'y', 'z']) view.set('Wide', `${event.version}-${copy}`, { by: event.data.by });
          },
        },
      });
      const { tenant, store, reader } = setup([Wide], { pageSize: 400 });
      const writer = createCommandHandler({ store, registry, newId: randomUUID });
      await writer.command(actorOf(tenant), 'IncrementMany', { aggregateId: 'w', by: 1, times: 300 });
      expect(await reader.poll(tenant)).toEqual([expect.objectContaining({ status: 'caught-up', to: 300 })]);
      expect(await harness.readDocument(tenant, 'Wide', '300-z')).toEqual({ by: 1 });
    });

    it('catches up on 2,000 events', async () => {
      const { reader, tenant, store, ledger } = setup([Ledger], { pageSize: 250 });
      const writer = createCommandHandler({ store, registry, newId: randomUUID });
      for (let i = 0; i < 5; i++)
        await writer.command(actorOf(tenant), 'IncrementMany', { aggregateId: 'bulk', by: 1, times: 400 });
      const [run] = await reader.poll(tenant);
      expect(run).toMatchObject({ status: 'caught-up', from: 0, to: 2000 });
      expect((await ledger())?.positions).toEqual(upTo(2000));
    });

    it('a reaction whose lease expired and was taken stops without writing', async () => {
      const { store, tenant, increment } = setup();
      await increment('a', 1);
      await store.sequence(tenant);
      const key = { tenant, handler: 'Mailer' };
      expect(await store.acquire(key, 'first', 1_000, 100)).toMatchObject({ position: 0 });
      expect(await store.acquire(key, 'second', 1_050, 100)).toBeUndefined(); // still held
      expect(await store.acquire(key, 'second', 1_200, 100)).toMatchObject({ position: 0 }); // expired: taken
      await expect(
        store.advance(key, 'first', 0, { now: 1_210, leaseMs: 100 }, { position: 1, failure: null }),
      ).rejects.toBeInstanceOf(LeaseLost);
      expect(await store.readerState(key)).toMatchObject({ position: 0 });
    });

    it('a reaction’s lease left by a crashed run frees in seconds; a run in between finds it busy', async () => {
      let time = 1_000_000;
      const clock = () => new Date(time);
      const { store, tenant, increment } = setup();
      const { reaction, sent } = mailer();
      await increment('a', 1);
      // The process dies right after taking the lease: nothing else it sends arrives, renewals neither.
      const never = () => new Promise<never>(() => undefined);
      let taken = false;
      const dead: EventStore & ReaderStore = Object.assign(Object.create(store) as EventStore & ReaderStore, {
        acquire: (...args: Parameters<ReaderStore['acquire']>) =>
          taken ? never() : ((taken = true), store.acquire(...args)),
        readLog: never,
        advance: never,
        release: never,
      });
      const dying = createStreamReader({
        store: dead,
        handlers: [reaction],
        newId: randomUUID,
        clock,
        callTimeoutMs: 2_000, // far above a loaded machine's real calls; the dead ones never answer
      });
      expect(await dying.poll(tenant)).toEqual([expect.objectContaining({ status: 'timed-out' })]);
      const reader = createStreamReader({ store, handlers: [reaction], newId: randomUUID, clock });
      expect((await reader.poll(tenant))[0]).toMatchObject({ status: 'busy' });
      time += 10_001;
      expect((await reader.poll(tenant))[0]).toMatchObject({ status: 'caught-up', to: 1 });
      // At least once: the dead run's effect happened before it died, and is delivered again.
      expect(sent).toEqual([sent[0], sent[0]]);
    });

    it('keeps a reaction’s lease when the log moved before release: a wake-up that found it taken is not lost', async () => {
      const { store, tenant, increment } = setup();
      const key = { tenant, handler: 'Mailer' };
      await store.acquire(key, 'holder', Date.now(), 60_000);
      await increment('a', 1);
      await store.sequence(tenant); // a waker sequences, finds the lease taken, and leaves
      expect(await store.release(key, 'holder', 0)).toBe(false);
      expect(await store.acquire(key, 'waker', Date.now(), 60_000)).toBeUndefined();
      expect(await store.release(key, 'holder', 1)).toBe(true);
    });

    it('a projection that writes outside its collections fails on that event, writing nothing', async () => {
      const Forger = defineProjection({
        name: 'Forger',
        from: [Counter],
        readModel: { Forger: z.object({}) },
        on: {
          Incremented: (_event, view) => (view as unknown as ProjectionView).set('Counter', 'a', { forged: true }),
        },
      });
      const { tenant, increment, reader, ledger, store } = setup([Forger, Ledger]);
      await increment('a', 1);
      const [forger, others] = await reader.poll(tenant);
      expect(forger).toMatchObject({ status: 'failed', to: 0, error: expect.stringMatching(/may not touch Counter/) });
      expect(others).toMatchObject({ status: 'caught-up', to: 1 });
      // Counter/a is the aggregate's snapshot: the one its clients read, untouched.
      expect(await store.loadSnapshot({ tenant, type: 'Counter', id: 'a' })).toEqual(
        expect.objectContaining({ version: 1, state: { total: 1, count: 1, open: false } }),
      );
      expect((await ledger())?.positions).toEqual([1]);
    });

    it('reports lag in events and seconds, and which tenants have work', async () => {
      const { reader, tenant, increment, store } = setup([Totals]);
      // A tenant that sorts first, with more events waiting than any one page of a query holds.
      const crowd = `-crowd-${randomUUID().slice(0, 6)}`;
      const writer = createCommandHandler({ store, registry, newId: randomUUID });
      for (let i = 0; i < 3; i++)
        await writer.command(actorOf(crowd), 'IncrementMany', { aggregateId: 'c', by: 1, times: 400 });
      await increment('a', 1);
      await increment('a', 2);
      expect(await reader.pendingTenants()).toEqual(expect.arrayContaining([crowd, tenant]));
      await store.sequence(tenant);
      const [lag] = await reader.lag(tenant);
      expect(lag).toMatchObject({ handler: 'Totals', position: 0, head: 2, events: 2, blocked: false });
      expect(lag!.seconds).toBeGreaterThanOrEqual(0);
      await reader.poll(tenant);
      expect(await reader.lag(tenant)).toEqual([expect.objectContaining({ position: 2, events: 0, seconds: 0 })]);
      expect(await reader.pendingTenants()).not.toContain(tenant);
    });

    it('a tenant stays pending while a handler is behind: a run cut short, a crash before the run, a release', async () => {
      const poison = poisonable();
      const { reader, tenant, increment, store } = setup([Totals, poison.projection], { retryBudget: 1 });
      await increment('a', 1);
      await store.sequence(tenant); // sequenced, then the process died before any handler ran
      expect(await reader.pendingTenants()).toContain(tenant);
      await reader.poll(tenant, { deadline: 0 }); // every run out of time before its first page
      expect(await reader.pendingTenants()).toContain(tenant);
      await reader.poll(tenant);
      expect(await reader.pendingTenants()).not.toContain(tenant);
      await increment('a', 13);
      await reader.poll(tenant); // Poisonable dead-letters the event; Totals catches up
      expect((await reader.lag(tenant)).map((lag) => [lag.handler, lag.blocked])).toEqual([
        ['Totals', false],
        ['Poisonable', true],
      ]);
      expect(await reader.pendingTenants()).not.toContain(tenant); // blocked is not pending: it waits for an operator
      poison.switches.broken = false;
      await reader.release(tenant, 'Poisonable', { skip: false });
      expect(await reader.pendingTenants()).toContain(tenant);
      await reader.poll(tenant);
      expect(await reader.pendingTenants()).not.toContain(tenant);
    });
  });
}
