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
import { connectEmulatorFirestore } from '@firebase-event-store/testing/emulator';
import type { Firestore } from '../functions/test/support/firestore-admin.js';
import { catalog } from '../functions/src/catalog.js';

const per = (counts: OperationCounts, n: number) =>
  `${(counts.reads / n).toFixed(2)} | ${(counts.writes / n).toFixed(2)} | ${(counts.deletes / n).toFixed(2)} | ${Object.entries(
    counts.calls,
  )
    .map(([name, calls]) => `${name} ${(calls / n).toFixed(2)}`)
    .join(', ')}`;

/** A Firestore of the same emulator under a project of its own: the counts see only this bench's tenants. */
export async function costBench(host: string, log: (line: string) => void): Promise<string> {
  const project = `demo-cost-${randomUUID().slice(0, 6)}`;
  const db: Firestore = connectEmulatorFirestore(host, project);
  const store = createFirestoreEventStore(db, { projectId: project });
  // The same database seen an hour later: no log head has moved for ten minutes.
  const later = () => new Date(Date.now() + 3_600_000);
  const quietReader = createStreamReader({
    store: createFirestoreEventStore(db, { projectId: project, clock: later }),
    handlers: catalog.handlers,
    newId: randomUUID,
    clock: later,
  });
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
    let inDatabase = 1;
    for (const tenants of [10, 200]) {
      log(`cost: idle scheduled runs with ${tenants} caught-up tenants in the database...`);
      for (; inDatabase < tenants; inDatabase++) {
        const other = `cost-${randomUUID().slice(0, 8)}`;
        await commands(other, 1);
        await reader.poll(other);
      }
      counter.reset();
      await pollPending(reader, { deadline: Date.now() + 60_000 });
      add(`idle scheduled run, ${tenants} caught-up tenants, all active in the last 10 min (per run)`, counter.counts);
      counter.reset();
      await pollPending(quietReader, { deadline: Date.now() + 60_000 });
      add(`idle scheduled run, ${tenants} caught-up tenants, none active for 10 min (per run)`, counter.counts);
    }

    // Point 5 of the scale issue: 20 of the 200 tenants get 5 commands each, and nobody runs
    // their handlers (the triggers lost); the schedule's run finds and handles exactly those.
    log('cost: a scheduled run with 20 of 200 tenants behind (5 commands each)...');
    const busy = Array.from({ length: 20 }, () => `busy-${randomUUID().slice(0, 8)}`);
    for (const tenant of busy) await commands(tenant, 5);
    counter.reset();
    const found = await quietReader.pendingTenants();
    const finding = { ...counter.counts, calls: { ...counter.counts.calls } };
    if (found.length !== busy.length || !busy.every((tenant) => found.includes(tenant)))
      throw new Error(`the schedule found ${found.length} tenants with work, not the 20 that have it`);
    add('finding the 20 tenants with work among 200 (per run)', finding);
    counter.reset();
    await pollPending(quietReader, { deadline: Date.now() + 120_000 });
    add('the scheduled run that handles them (per event handled)', counter.counts, busy.length * 5);
  } finally {
    counter.stop();
  }
  return lines.join('\n');
}
