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
    // The projection's record exists before the race, so the instances' first runs do not all
    // queue on creating it and the writers do meet readers that are stepping.
    await increment('w0', 0);
    await reader.poll(tenant);
    let writing = true;
    let polls = 0;
    const writers = Promise.all(
      Array.from({ length: 4 }, async (_, w) => {
        for (let i = 0; i < 25; i++) await increment(`w${w}`, 1);
      }),
    ).then(() => (writing = false));
    const readers = Promise.all(
      instances.map(async (instance) => {
        while (writing) {
          await instance.poll(tenant);
          polls++;
        }
      }),
    );
    await Promise.all([writers, readers]);
    expect(polls).toBeGreaterThan(instances.length); // the instances ran while the writers wrote
    // A run may end on a store error under load (it says so and moves nothing); a few more runs
    // reach the head. Lost events would stay missing, doubled ones would show twice.
    const runs = await untilCaughtUp(() => reader.poll(tenant), 101);
    const positions = (await ledger())?.positions;
    expect(positions, JSON.stringify(runs)).toEqual(upTo(101));
    const log = await store.readLog(tenant, { after: 0, limit: 200 });
    expect((await ledger())?.ids).toEqual(log.map((event) => event.id));
  });

  it('D7 a full rebuild equals the incrementally maintained projection', async () => {
    let time = Date.now();
    const clock = () => new Date(time);
    const { reader, tenant, increment } = setup([Totals], { clock });
    for (let i = 0; i < 30; i++) {
      await increment(`r${i % 3}`, i);
      if (i % 4 === 0) await reader.poll(tenant);
    }
    await reader.poll(tenant);
    const incremental = await Promise.all(['r0', 'r1', 'r2'].map((id) => harness.readDocument(tenant, 'Totals', id)));
    const rebuild = await reader.rebuild(tenant, 'Totals');
    if (rebuild.status !== 'caught-up') {
      // Cut short by a store error under load, it says so; once its lease runs out, a run of the
      // reader takes it over and finishes it, as after a crash.
      expect(['error', 'timed-out', 'lease-lost'], JSON.stringify(rebuild)).toContain(rebuild.status);
      await untilCaughtUp(() => {
        time += 10_001;
        return reader.poll(tenant);
      }, 30);
    } else expect(rebuild).toMatchObject({ from: 0, to: 30 });
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

/**
 * Runs `run` until all its handler runs are caught up at `head`, at most five times, tolerating
 * only the statuses of a run cut short by the store (error, timed-out, lease-lost, busy); any
 * other status, or five short runs, fails with every run in the message.
 */
async function untilCaughtUp(run: () => Promise<readonly HandlerRun[]>, head: number): Promise<HandlerRun[]> {
  const transient = new Set<HandlerRun['status']>(['error', 'timed-out', 'lease-lost', 'busy']);
  const runs: HandlerRun[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const results = await run();
    runs.push(...results);
    if (results.every((result) => result.status === 'caught-up' && result.to === head)) return runs;
    const unexpected = results.filter((result) => result.status !== 'caught-up' && !transient.has(result.status));
    expect(unexpected, JSON.stringify(runs)).toEqual([]);
  }
  expect.fail(`not caught up at ${head} after five runs: ${JSON.stringify(runs)}`);
}
