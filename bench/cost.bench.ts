/**
 * `npm run bench -- cost`: what the paths after a command cost in Firestore operations,
 * counted at the SDK boundary (countFirestoreOperations) on the emulator, with the reference
 * project's two projections (EventCounter, CalculatorTotals). Counts, not timings: they do not
 * depend on the machine. The commands' own counts are pinned by a test
 * (packages/firestore/test/operation-counts.emulator.test.ts).
 */
import { randomUUID } from 'node:crypto';
import {
  createAggregateRegistry,
  createCommandHandler,
  createSnapshotCache,
  createStreamReader,
  pollPending,
} from '@firebase-event-store/kernel';
import {
  countFirestoreOperations,
  createFirestoreEventStore,
  type OperationCounts,
} from '@firebase-event-store/firestore';
import { actorOf } from '@firebase-event-store/testing';
import { TEST_PROJECT } from '@firebase-event-store/testing/emulator';
import type { Firestore } from '../functions/test/support/firestore-admin.js';
import { catalog } from '../functions/src/catalog.js';

const per = (counts: OperationCounts, n: number) =>
  `${(counts.reads / n).toFixed(2)} | ${(counts.writes / n).toFixed(2)} | ${(counts.deletes / n).toFixed(2)} | ${Object.entries(
    counts.calls,
  )
    .map(([name, calls]) => `${name} ${(calls / n).toFixed(2)}`)
    .join(', ')}`;

export async function costBench(db: Firestore, log: (line: string) => void): Promise<string> {
  const store = createFirestoreEventStore(db, { projectId: TEST_PROJECT });
  const registry = createAggregateRegistry(catalog.aggregates);
  const handler = createCommandHandler({ store, registry, newId: randomUUID, cache: createSnapshotCache() });
  const reader = createStreamReader({ store, handlers: catalog.handlers, newId: randomUUID });
  const counter = countFirestoreOperations();
  const lines = ['| Path | Reads | Writes | Deletes | Round trips |', '|---|---:|---:|---:|---|'];
  const add = (path: string, counts: OperationCounts, n = 1) => lines.push(`| ${path} | ${per(counts, n)} |`);
  const commands = async (tenant: string, n: number) => {
    for (let i = 0; i < n; i++)
      await handler.command(actorOf(tenant), 'AddNumbers', { aggregateId: 'c1', number1: 1, number2: 2 });
  };
  try {
    log('cost: one event through the trigger path to two projections...');
    const tenant = `cost-${randomUUID().slice(0, 8)}`;
    await commands(tenant, 1);
    await reader.poll(tenant);
    await commands(tenant, 1);
    counter.reset();
    await reader.poll(tenant); // what onEventCreated does for one event
    add('one event, trigger -> sequence -> two projections (per event)', counter.counts);

    log('cost: 100 events, one poll...');
    await commands(tenant, 100);
    counter.reset();
    await reader.poll(tenant);
    add('100 events, then one poll (per event)', counter.counts, 100);

    log('cost: a rebuild of CalculatorTotals over 102 events...');
    counter.reset();
    await reader.rebuild(tenant, 'CalculatorTotals');
    add('rebuild of one projection (per event)', counter.counts, 102);

    await pollPending(reader, { deadline: Date.now() + 120_000 }); // what the warm-up left pending, first
    for (const tenants of [1, 10, 30]) {
      log(`cost: an idle scheduled run, ${tenants} caught-up tenant(s) in the database...`);
      for (let i = 1; i < tenants; i++) {
        const other = `cost-${randomUUID().slice(0, 8)}`;
        await commands(other, 1);
        await reader.poll(other);
      }
      counter.reset();
      await pollPending(reader, { deadline: Date.now() + 60_000 });
      add(`idle scheduled run, ${tenants} caught-up tenant(s) in the database (per run)`, counter.counts);
    }
  } finally {
    counter.stop();
  }
  return lines.join('\n');
}
