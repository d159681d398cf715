/**
 * `npm run bench -- cost`: what the paths after a command cost in Firestore operations, counted
 * at the SDK boundary (countFirestoreOperations) on the emulator, next to a hand-written
 * exactly-once floor for the same work (projection-floor.ts); the function invocations per
 * command, counted in the Functions emulator's own log; and the bill they make. Counts, not
 * timings: they do not depend on the machine. The lone-event path is pinned by a test
 * (packages/firestore/test/operation-counts.emulator.test.ts).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createAggregateRegistry,
  createCommandHandler,
  createSnapshotCache,
  createStreamReader,
  defineReaction,
  pollPending,
  type CommandHandler,
  type EventStore,
} from '@firebase-event-store/kernel';
import {
  countFirestoreOperations,
  createFirestoreEventStore,
  type OperationCounts,
} from '@firebase-event-store/firestore';
import { actorOf } from '@firebase-event-store/testing';
import { connectEmulatorFirestore } from '@firebase-event-store/testing/emulator';
import type { Firestore } from 'firebase-admin/firestore';
import { startSuite } from './emulator-suite.js';
import { catalog } from './domain/catalog.js';
import { countingProjections } from './counting-projections.js';
import { projectionFloor } from './projection-floor.js';
import { suiteUser } from './suite-user.js';

/** Google's list prices (Standard edition, a US multi-region; see the bill in docs/costs.md). */
const PRICE = { read: 0.06 / 100_000, write: 0.18 / 100_000, delete: 0.02 / 100_000, invocation: 0.4 / 1_000_000 };

const f2 = (n: number) => n.toFixed(2);
const calls = (counts: OperationCounts, n: number) =>
  Object.entries(counts.calls)
    .map(([name, count]) => `${name} ${f2(count / n)}`)
    .join(', ');
const snapshot = (counts: OperationCounts): OperationCounts => ({ ...counts, calls: { ...counts.calls } });

/**
 * `events` events carried to `n` counting projections by one poll (what one wake-up of the
 * trigger or the schedule does), counted; and the hand-written floor for the same work.
 */
export async function carried(
  db: Firestore,
  store: ReturnType<typeof createFirestoreEventStore>,
  handler: CommandHandler,
  counter: ReturnType<typeof countFirestoreOperations>,
  n: number,
  events: number,
) {
  const reader = createStreamReader({ store, handlers: countingProjections(n), newId: randomUUID });
  const tenant = `cost-${randomUUID().slice(0, 8)}`;
  const add = () => handler.command(actorOf(tenant), 'AddNumbers', { aggregateId: 'c1', number1: 1, number2: 2 });
  await add();
  await reader.poll(tenant); // the log document holds the projections from here on
  for (let i = 0; i < events; i++) await add();
  counter.reset();
  await reader.poll(tenant);
  const ours = snapshot(counter.counts);
  const floor = await projectionFloor(db, n, events);
  counter.reset();
  await floor();
  return { ours, least: snapshot(counter.counts) };
}

/** The command handler the cost tables count with: the benchmarks' domain, its snapshot cache. */
export const costHandler = (store: EventStore) =>
  createCommandHandler({
    store,
    registry: createAggregateRegistry(catalog.aggregates),
    newId: randomUUID,
    cache: createSnapshotCache(),
  });

/** One event carried to N projections, and 100 found by one wake-up: ours and the floor. */
async function projectionsTable(db: Firestore, project: string, log: (line: string) => void) {
  const store = createFirestoreEventStore(db, { projectId: project });
  const handler = costHandler(store);
  const counter = countFirestoreOperations();
  const rows = [
    '| Path | Projections | Ours: reads | Ours: writes | Floor: reads | Floor: writes | Ours: round trips |',
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  const perEvent: Record<string, { reads: number; writes: number }> = {};
  try {
    for (const events of [1, 100]) {
      for (const n of [1, 2, 5, 10]) {
        log(`cost: ${events} event(s) to ${n} projection(s), ours and the floor...`);
        const { ours, least } = await carried(db, store, handler, counter, n, events);
        perEvent[`${events}/${n}`] = { reads: ours.reads / events, writes: ours.writes / events };
        rows.push(
          `| ${events === 1 ? 'one event, trigger -> one step -> every projection' : '100 events, one wake-up (per event)'} | ${n} | ` +
            `${f2(ours.reads / events)} | ${f2(ours.writes / events)} | ${f2(least.reads / events)} | ${f2(least.writes / events)} | ${calls(ours, events)} |`,
        );
      }
    }
  } finally {
    counter.stop();
  }
  return { rows, perEvent };
}

/** Function invocations per command on the Emulator Suite: the API's and the triggers'. */
async function invocations(log: (line: string) => void) {
  log('cost: the Emulator Suite, 20 commands through the API, counting function executions...');
  const suite = await startSuite();
  try {
    const user = await suiteUser(suite);
    const from = suite.output().length;
    const commands = 20;
    for (let i = 1; i <= commands; i++) {
      await user.command();
      await user.countedAtLeast(i);
    }
    await sleep(5_000); // a trigger delivered twice arrives late
    const logged = suite.output().slice(from);
    const executions = (name: string) => logged.split(`Beginning execution of "us-central1-${name}"`).length - 1;
    await user.db.terminate();
    return {
      commands,
      api: executions('api'),
      trigger: executions('onEventCreated'),
      schedule: executions('readPending'),
    };
  } finally {
    await suite.stop();
  }
}

/** A reaction alone, one event: what at-least-once with a lease costs. */
async function reactionRow(db: Firestore, project: string) {
  const store = createFirestoreEventStore(db, { projectId: project });
  const handler = createCommandHandler({
    store,
    registry: createAggregateRegistry(catalog.aggregates),
    newId: randomUUID,
  });
  const names = catalog.aggregates.flatMap((aggregate) => Object.keys(aggregate.events));
  const Notify = defineReaction({
    name: 'Notify',
    from: catalog.aggregates,
    on: Object.fromEntries(names.map((name) => [name, () => undefined])),
  });
  const reader = createStreamReader({ store, handlers: [Notify], newId: randomUUID });
  const tenant = `cost-${randomUUID().slice(0, 8)}`;
  const add = () => handler.command(actorOf(tenant), 'AddNumbers', { aggregateId: 'c1', number1: 1, number2: 2 });
  await add();
  await reader.poll(tenant);
  await add();
  const counter = countFirestoreOperations();
  try {
    await reader.poll(tenant);
    return snapshot(counter.counts);
  } finally {
    counter.stop();
  }
}

/** A Firestore of the same emulator under a project of its own: the counts see only this bench's tenants. */
export async function costBench(host: string, log: (line: string) => void): Promise<string> {
  const project = `demo-cost-${randomUUID().slice(0, 6)}`;
  const db: Firestore = connectEmulatorFirestore(host, project);
  const store = createFirestoreEventStore(db, { projectId: project });
  // The same database seen an hour later: no log head has moved for ten minutes.
  const later = () => new Date(Date.now() + 3_600_000);
  /** The schedule's run as that reader sees time: its deadline on the same clock. */
  const quietRun = (ms: number) =>
    pollPending(quietReader, { deadline: later().getTime() + ms, now: () => later().getTime() });
  const quietReader = createStreamReader({
    store: createFirestoreEventStore(db, { projectId: project, clock: later }),
    handlers: catalog.handlers,
    newId: randomUUID,
    clock: later,
  });
  const registry = createAggregateRegistry(catalog.aggregates);
  const handler = createCommandHandler({ store, registry, newId: randomUUID, cache: createSnapshotCache() });
  const reader = createStreamReader({ store, handlers: catalog.handlers, newId: randomUUID });
  const commands = async (tenant: string, n: number) => {
    for (let i = 0; i < n; i++)
      await handler.command(actorOf(tenant), 'AddNumbers', { aggregateId: 'c1', number1: 1, number2: 2 });
  };

  const { rows: projectionRows, perEvent } = await projectionsTable(db, project, log);
  const reaction = await reactionRow(db, project);

  const counter = countFirestoreOperations();
  const lines = ['| Path | Reads | Writes | Deletes | Round trips |', '|---|---:|---:|---:|---|'];
  const add = (path: string, counts: OperationCounts, n = 1) =>
    lines.push(
      `| ${path} | ${f2(counts.reads / n)} | ${f2(counts.writes / n)} | ${f2(counts.deletes / n)} | ${calls(counts, n)} |`,
    );
  let lone: OperationCounts;
  try {
    add('one reaction alone, one event (lease, save after the effect, release)', reaction);
    log('cost: the reference project (EventCounter, CalculatorTotals): one event, 100 events, a rebuild...');
    const tenant = `cost-${randomUUID().slice(0, 8)}`;
    await commands(tenant, 1);
    await reader.poll(tenant);
    await commands(tenant, 1);
    counter.reset();
    await reader.poll(tenant); // what onEventCreated does for one event
    lone = snapshot(counter.counts);
    add('the reference project: one event, trigger -> one step -> two projections', lone);

    await commands(tenant, 100);
    counter.reset();
    await reader.poll(tenant);
    add('the reference project: 100 events, then one poll (per event)', counter.counts, 100);

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
      await quietRun(60_000);
      add(`idle scheduled run, ${tenants} caught-up tenants, none active for 10 min (per run)`, counter.counts);
    }

    // 20 of the 200 tenants get 5 commands each, and nobody runs their handlers (the triggers
    // lost); the schedule's run finds and handles exactly those.
    log('cost: a scheduled run with 20 of 200 tenants behind (5 commands each)...');
    const busy = Array.from({ length: 20 }, () => `busy-${randomUUID().slice(0, 8)}`);
    for (const tenant of busy) await commands(tenant, 5);
    counter.reset();
    const found = await quietReader.pendingTenants();
    const finding = snapshot(counter.counts);
    if (found.length !== busy.length || !busy.every((tenant) => found.includes(tenant)))
      throw new Error(`the schedule found ${found.length} tenants with work, not the 20 that have it`);
    add('finding the 20 tenants with work among 200 (per run)', finding);
    counter.reset();
    const handled = await quietRun(120_000);
    if (!handled.every((run) => run.status === 'caught-up'))
      throw new Error(`the schedule's run did not catch every tenant up: ${JSON.stringify(handled)}`);
    add('the scheduled run that handles them (per event handled)', counter.counts, busy.length * 5);
  } finally {
    counter.stop();
  }

  const calls_ = await invocations(log);
  const perCommand = (calls_.api + calls_.trigger) / calls_.commands;
  const growth = (key: 'reads' | 'writes') => (perEvent['1/10']![key] - perEvent['1/2']![key]) / 8;
  // The bill of a warm command (0 reads, 2 writes) and its event's trip to the two projections.
  const bill = (reads: number, writes: number) => {
    const firestore = (reads * PRICE.read + writes * PRICE.write) * 1_000_000;
    const functions = perCommand * PRICE.invocation * 1_000_000;
    return `| warm command, its event through the trigger path | ${f2(reads)} M | ${f2(writes)} M | ${f2(perCommand)} M | $${f2(firestore)} | $${f2(functions)} | **$${f2(firestore + functions)}** |`;
  };
  return [
    'Carrying events to N projections (counting projections: one document read and written per event each), ours and the floor, per event:',
    '',
    ...projectionRows,
    '',
    `Each further projection from 2 to 10, lone event: +${f2(growth('reads'))} reads and +${f2(growth('writes'))} writes.`,
    '',
    ...lines,
    '',
    `Function executions on the Emulator Suite, ${calls_.commands} commands through the API, each until projected: ` +
      `api ${calls_.api}, onEventCreated ${calls_.trigger}, readPending ${calls_.schedule} (the emulator does not fire schedules; deployed, it runs once a minute).`,
    '',
    "| Per million commands (each one event, the reference project's two projections) | Reads | Writes | Invocations | Firestore | Functions requests | Total |",
    '|---|---:|---:|---:|---:|---:|---:|',
    bill(lone.reads, 2 + lone.writes),
  ].join('\n');
}
