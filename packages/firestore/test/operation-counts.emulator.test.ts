import { randomUUID } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createAggregateRegistry,
  createCommandHandler,
  createSnapshotCache,
  createStreamReader,
  type EventHandler,
} from '@firebase-event-store/kernel';
import {
  actorOf,
  Counter,
  Ledger,
  Order,
  poisonable,
  Product,
  Totals,
  uniqueTenant,
} from '@firebase-event-store/testing';
import { emulatorFirestore, TEST_PROJECT } from '@firebase-event-store/testing/emulator';
import { createFirestoreEventStore } from '../src/firestore-event-store.js';
import { countFirestoreOperations } from '../src/operation-counter.js';

const db = emulatorFirestore();
const store = createFirestoreEventStore(db, { projectId: TEST_PROJECT });
const registry = createAggregateRegistry([Counter, Product, Order]);
const counter = countFirestoreOperations();
afterAll(() => counter.stop());
beforeEach(() => counter.reset());

/**
 * What a command costs, counted at the SDK boundary on the real Firestore emulator. Pinned: a
 * change that adds an operation to the hot path fails here (and the cost table of docs/costs.md, which
 * these counts feed, must then change with it).
 */
describe('the operations of one command (emulator)', () => {
  const actor = () => actorOf(uniqueTenant());

  it('warm (the snapshot cached): no read, one commit of the event and the snapshot', async () => {
    const handler = createCommandHandler({ store, registry, newId: randomUUID, cache: createSnapshotCache() });
    const who = actor();
    const { version } = await handler.command(who, 'Increment', { aggregateId: 'c', by: 1 });
    counter.reset();
    await handler.command(who, 'Increment', { aggregateId: 'c', by: 1, expectedVersion: version });
    expect(counter.counts).toEqual({ reads: 0, writes: 2, deletes: 0, calls: { commit: 1 } });
  });

  it('cold (nothing cached): one snapshot read, one commit', async () => {
    const who = actor();
    await createCommandHandler({ store, registry, newId: randomUUID }).command(who, 'Increment', {
      aggregateId: 'c',
      by: 1,
    });
    counter.reset();
    await createCommandHandler({ store, registry, newId: randomUUID }).command(who, 'Increment', {
      aggregateId: 'c',
      by: 1,
    });
    expect(counter.counts).toEqual({ reads: 1, writes: 2, deletes: 0, calls: { batchGetDocuments: 1, commit: 1 } });
  });

  it('from a new process (a new store): the snapshot read, and the commit proves the version it read exists', async () => {
    const who = actor();
    await createCommandHandler({ store, registry, newId: randomUUID }).command(who, 'Increment', {
      aggregateId: 'c',
      by: 1,
    });
    const fresh = createFirestoreEventStore(db, { projectId: TEST_PROJECT });
    counter.reset();
    await createCommandHandler({ store: fresh, registry, newId: randomUUID }).command(who, 'Increment', {
      aggregateId: 'c',
      by: 1,
    });
    // Writes: the event, the snapshot, and the guard on version 1 (an update that changes nothing).
    expect(counter.counts).toEqual({ reads: 1, writes: 3, deletes: 0, calls: { batchGetDocuments: 1, commit: 1 } });
  });

  it('with an Idempotency-Key: the record is read beside the snapshot and written in the same commit; a retry reads only', async () => {
    const who = actor();
    const handler = createCommandHandler({ store, registry, newId: randomUUID });
    const idempotency = { key: randomUUID(), fingerprint: 'f' };
    await handler.command(who, 'Increment', { aggregateId: 'k', by: 1 }, { idempotency });
    const first = { ...counter.counts, calls: { ...counter.counts.calls } };
    counter.reset();
    await handler.command(who, 'Increment', { aggregateId: 'k', by: 1 }, { idempotency });
    expect(first).toEqual({ reads: 2, writes: 3, deletes: 0, calls: { batchGetDocuments: 2, commit: 1 } });
    expect(counter.counts).toEqual({ reads: 2, writes: 0, deletes: 0, calls: { batchGetDocuments: 2 } });
  });
});

describe('the operations of a command with a unique value (emulator)', () => {
  it('a value claimed: its claim document created in the same commit, and no read for it', async () => {
    const handler = createCommandHandler({ store, registry, newId: randomUUID, cache: createSnapshotCache() });
    await handler.command(actorOf(uniqueTenant()), 'List', { aggregateId: 'p', sku: 'SKU-1' });
    // The snapshot read (a new aggregate: none); the event, the snapshot and the claim.
    expect(counter.counts).toEqual({ reads: 1, writes: 3, deletes: 0, calls: { batchGetDocuments: 1, commit: 1 } });
  });

  it('a value moved (warm): the new claim created and the old one deleted in the same commit', async () => {
    const handler = createCommandHandler({ store, registry, newId: randomUUID, cache: createSnapshotCache() });
    const who = actorOf(uniqueTenant());
    await handler.command(who, 'List', { aggregateId: 'p', sku: 'SKU-1' });
    counter.reset();
    await handler.command(who, 'ChangeSku', { aggregateId: 'p', sku: 'SKU-2' });
    expect(counter.counts).toEqual({ reads: 0, writes: 3, deletes: 1, calls: { commit: 1 } });
  });

  it('a value taken: the failed commit, then its claim read to name the rule', async () => {
    const handler = createCommandHandler({ store, registry, newId: randomUUID, cache: createSnapshotCache() });
    const who = actorOf(uniqueTenant());
    await handler.command(who, 'List', { aggregateId: 'p', sku: 'SKU-1' });
    counter.reset();
    await expect(handler.command(who, 'List', { aggregateId: 'q', sku: 'SKU-1' })).rejects.toMatchObject({
      details: { rule: 'sku' },
    });
    // The writes were sent (and are counted by what was sent), but the commit wrote none of them.
    expect(counter.counts).toEqual({ reads: 2, writes: 3, deletes: 0, calls: { batchGetDocuments: 2, commit: 1 } });
  });
});

describe('the operations of a command consulting another aggregate (emulator)', () => {
  it('one read of the consulted snapshot, and its next version proved missing in the same commit', async () => {
    const handler = createCommandHandler({ store, registry, newId: randomUUID, cache: createSnapshotCache() });
    const who = actorOf(uniqueTenant());
    await handler.command(who, 'List', { aggregateId: 'p', sku: 'SKU-1' });
    counter.reset();
    await expect(handler.command(who, 'Place', { aggregateId: 'o', productId: 'p' })).resolves.toMatchObject({
      version: 1,
    });
    // Reads: the order's own snapshot (new: none) and the product's. Writes: the event and the
    // snapshot; the guard is a delete, on condition that the product's version 2 does not exist.
    expect(counter.counts).toEqual({ reads: 2, writes: 2, deletes: 1, calls: { batchGetDocuments: 2, commit: 1 } });
  });
});

describe('the operations of sequencing (emulator)', () => {
  it('n pending events: each read once (by the query) and written once, the head read and written once', async () => {
    const who = actorOf(uniqueTenant());
    const handler = createCommandHandler({ store, registry, newId: randomUUID, cache: createSnapshotCache() });
    for (let i = 0; i < 5; i++) await handler.command(who, 'Increment', { aggregateId: `c${i % 2}`, by: 1 });
    counter.reset();
    expect(await store.sequence(who.tenant)).toHaveLength(5);
    expect([counter.counts.reads, counter.counts.writes, counter.counts.deletes]).toEqual([5 + 1, 5 + 1, 0]);
    expect(counter.counts.calls).toMatchObject({ runQuery: 1, commit: 1 });
  });

  it('a poll of 50 events: each read once and written once, with the log document and the read models', async () => {
    const who = actorOf(uniqueTenant());
    const handler = createCommandHandler({ store, registry, newId: randomUUID, cache: createSnapshotCache() });
    const reader = createStreamReader({ store, handlers: [Totals], newId: randomUUID });
    await handler.command(who, 'Increment', { aggregateId: 'c0', by: 1 });
    await reader.poll(who.tenant); // the log document now holds the projection
    for (let i = 0; i < 50; i++) await handler.command(who, 'Increment', { aggregateId: `c${i % 2}`, by: 1 });
    counter.reset();
    expect(await reader.poll(who.tenant)).toMatchObject([{ status: 'caught-up', to: 51 }]);
    // One step: the pending query (50), the log document and the two read models; the 50
    // positions, the two read models and the log document written in one commit.
    expect(counter.counts).toEqual({
      reads: 50 + 1 + 2,
      writes: 50 + 2 + 1,
      deletes: 0,
      calls: { runQuery: 1, batchGetDocuments: 3, commit: 1 },
    });
  });
});

/**
 * The path every command's event takes after its commit: the trigger wakes the tenant's reader,
 * and one step positions the event and applies it to every projection. Pinned for one and two
 * projections: each projection costs its own documents, and nothing else.
 */
describe('the operations of one event carried to the projections (emulator)', () => {
  it.each<[string, readonly EventHandler[]]>([
    ['one projection', [Totals]],
    ['two projections', [Totals, Ledger]],
  ])('%s: the pending query, the log document and the read models, read once and written once', async (_, handlers) => {
    const who = actorOf(uniqueTenant());
    const handler = createCommandHandler({ store, registry, newId: randomUUID, cache: createSnapshotCache() });
    const reader = createStreamReader({ store, handlers, newId: randomUUID });
    await handler.command(who, 'Increment', { aggregateId: 'c', by: 1 });
    await reader.poll(who.tenant);
    await handler.command(who, 'Increment', { aggregateId: 'c', by: 1 });
    counter.reset();
    const runs = await reader.poll(who.tenant);
    expect(runs.map(({ status, from, to }) => ({ status, from, to }))).toEqual(
      handlers.map(() => ({ status: 'caught-up', from: 1, to: 2 })),
    );
    const n = handlers.length;
    expect(counter.counts).toEqual({
      reads: 2 + n,
      writes: 2 + n,
      deletes: 0,
      calls: { runQuery: 1, batchGetDocuments: 1 + n, commit: 1 },
    });
  });
});

/**
 * The scheduled reader runs every minute: what it reads to find the tenants with work must not
 * grow with the tenants that have none. A project of its own, so no other test's tenants count,
 * and a clock an hour ahead, so no log head counts as just moved.
 */
describe('what the scheduled reader reads to find work (emulator)', () => {
  const project = `demo-schedule-${randomUUID().slice(0, 6)}`;
  const later = () => new Date(Date.now() + 3_600_000);
  const quiet = createFirestoreEventStore(emulatorFirestore(project), { projectId: project, clock: later });
  const reader = createStreamReader({
    store: quiet,
    handlers: [Totals, poisonable().projection],
    newId: randomUUID,
    clock: later,
  });
  const writer = createCommandHandler({ store: quiet, registry, newId: randomUUID });
  /** A tenant with an event every handler has handled. */
  async function idleTenant() {
    const tenant = uniqueTenant();
    await writer.command(actorOf(tenant), 'Increment', { aggregateId: 'c', by: 1 });
    await reader.poll(tenant);
    return tenant;
  }
  const readsToFindWork = async () => {
    counter.reset();
    const tenants = await reader.pendingTenants();
    return { tenants: tenants.sort(), reads: counter.counts.reads };
  };

  it('3 reads (one per query) with 1 idle tenant and with 8; to find tenants left behind, one more per tenant with unsequenced events', async () => {
    await idleTenant();
    const one = await readsToFindWork();
    for (let i = 0; i < 7; i++) await idleTenant();
    const eight = await readsToFindWork();
    expect([one, eight]).toEqual([
      { tenants: [], reads: 3 },
      { tenants: [], reads: 3 },
    ]);
    const unsequenced = uniqueTenant();
    await writer.command(actorOf(unsequenced), 'Increment', { aggregateId: 'c', by: 1 });
    await reader.poll(unsequenced, { deadline: 0 }); // cut short before its first step
    const failing = uniqueTenant();
    await writer.command(actorOf(failing), 'Increment', { aggregateId: 'c', by: 13 });
    expect(await reader.poll(failing)).toEqual([
      expect.objectContaining({ status: 'caught-up' }),
      expect.objectContaining({ status: 'failed' }), // its failure counted: to be retried by the schedule
    ]);
    // The skip-scan's query that found `unsequenced` and the one that found no more; the failing
    // tenant's log document in the third query's answer.
    expect(await readsToFindWork()).toEqual({ tenants: [failing, unsequenced].sort(), reads: 4 });
  });
});
