import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { defineProjection, createStreamReader } from '@firebase-event-store/kernel';
import type { EventStore, ReaderStore } from '@firebase-event-store/kernel';
import { Counter } from '../fixtures/counter.js';
import { Ledger, mailer, poisonable } from '../fixtures/reader-fixtures.js';
import { readerCaseTools, type ReaderHarness } from './stream-reader-support.contract.js';

/**
 * Crashes and failing handlers: resumed runs, dead letters, release, skip; nothing lost, doubled
 * or half-written (D4, D5).
 */
export function readerFailureCases(harness: ReaderHarness) {
  const { setup, upTo } = readerCaseTools(harness);
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
}
