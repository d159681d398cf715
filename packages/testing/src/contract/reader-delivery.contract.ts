import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { createStreamReader } from '@firebase-event-store/kernel';
import { Ledger, Totals } from '../fixtures/reader-fixtures.js';
import { readerCaseTools, type ReaderHarness } from './stream-reader-support.contract.js';

/**
 * Delivery: twice, out of order, shuffled with duplicates; the projection is always the fold, in
 * order (D1-D3).
 */
export function readerDeliveryCases(harness: ReaderHarness) {
  const { setup, upTo } = readerCaseTools(harness);
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
      ...Array.from({ length: 2 }, () => createStreamReader({ store, handlers: [Ledger, Totals], newId: randomUUID })),
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
}
