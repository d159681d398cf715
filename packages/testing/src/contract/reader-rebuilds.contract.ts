import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { createCommandHandler, createStreamReader } from '@firebase-event-store/kernel';
import type { EventStore, HandlerRun, ReaderStore } from '@firebase-event-store/kernel';
import { actorOf } from '../actors.js';
import { Ledger, Totals } from '../fixtures/reader-fixtures.js';
import { registry, readerCaseTools, type ReaderHarness } from './stream-reader-support.contract.js';

/**
 * Concurrent runs and rebuilds: every event once, a rebuild equals the incremental projection and
 * keeps its lease (D6, D7).
 */
export function readerRebuildCases(harness: ReaderHarness) {
  const { setup, upTo } = readerCaseTools(harness);
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
}
