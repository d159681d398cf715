import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { createCommandHandler, defineProjection } from '@firebase-event-store/kernel';
import type { ProjectionView } from '@firebase-event-store/kernel';
import { actorOf } from '../actors.js';
import { Counter } from '../fixtures/counter.js';
import { Ledger, poisonable, Totals } from '../fixtures/reader-fixtures.js';
import { registry, readerCaseTools, type ReaderHarness } from './stream-reader-support.contract.js';

/**
 * What an operator relies on: projections write only their collections, lag in events and seconds,
 * which tenants have work.
 */
export function readerOperationCases(harness: ReaderHarness) {
  const { setup } = readerCaseTools(harness);
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
}
