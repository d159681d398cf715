import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { createCommandHandler, defineProjection, createStreamReader } from '@firebase-event-store/kernel';
import { actorOf } from '../actors.js';
import { Counter } from '../fixtures/counter.js';
import { Ledger, poisonable, Totals } from '../fixtures/reader-fixtures.js';
import { registry, readerCaseTools, type ReaderHarness } from './stream-reader-support.contract.js';

/**
 * Handlers kept apart, and the limits: a failing projection holds back no other, wake-ups at once,
 * steps split to fit one atomic write, long catch-ups.
 */
export function readerIsolationCases(harness: ReaderHarness) {
  const { setup, upTo } = readerCaseTools(harness);
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
}
