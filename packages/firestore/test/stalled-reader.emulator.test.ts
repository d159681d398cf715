import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAggregateRegistry,
  createCommandHandler,
  createStreamReader,
  wakeReader,
} from '@firebase-event-store/kernel';
import { actorOf, Counter, Ledger, Totals, uniqueTenant } from '@firebase-event-store/testing';
import {
  connectEmulatorFirestore,
  startFirestoreEmulator,
  TEST_PROJECT,
  type RunningEmulator,
} from '@firebase-event-store/testing/emulator';
import { createFirestoreEventStore } from '../src/firestore-event-store.js';

/**
 * A Firestore that stops answering while a trigger's reader runs: an emulator of this test's
 * own, frozen with SIGSTOP. The run must give up within its call deadline (never hold the
 * function for its whole timeout), say why, and leave nothing half-done: once the database is
 * back, the next run applies every event exactly once. The bound asserted is loose on purpose;
 * the deadline itself is the reader's.
 */
describe('a reader run against a stalled Firestore (emulator)', () => {
  let emulator: RunningEmulator;
  let store: ReturnType<typeof createFirestoreEventStore>;
  beforeAll(async () => {
    emulator = await startFirestoreEmulator();
    store = createFirestoreEventStore(connectEmulatorFirestore(emulator.host), { projectId: TEST_PROJECT });
  });
  afterAll(async () => {
    emulator.resume();
    await emulator.stop();
  });

  it('gives up within the call deadline (timed-out, not retried), then the next run applies every event once', async () => {
    const tenant = uniqueTenant();
    const writer = createCommandHandler({ store, registry: createAggregateRegistry([Counter]), newId: randomUUID });
    for (let i = 0; i < 3; i++) await writer.command(actorOf(tenant), 'Increment', { aggregateId: 'c', by: 1 });
    const reader = createStreamReader({ store, handlers: [Ledger, Totals], newId: randomUUID, callTimeoutMs: 2_000 });

    emulator.pause();
    const started = Date.now();
    let runs;
    try {
      // What the onCreate trigger does, with its 50 s deadline.
      runs = await wakeReader(reader, tenant, { deadline: Date.now() + 50_000 });
    } finally {
      emulator.resume();
    }
    const waited = Date.now() - started;
    console.log(`a trigger's run gave up after ${waited} ms with Firestore stopped`);
    expect(runs.map(({ status }) => status)).toEqual(['timed-out', 'timed-out']);
    expect(runs[0]!.error).toMatch(/did not answer stepLog within 2000 ms/);
    expect(waited).toBeLessThan(20_000); // one call's deadline, not the trigger's 50 s

    // The schedule's next runs: the abandoned step may hold the log document a while longer.
    await expect
      .poll(async () => (await reader.poll(tenant)).map(({ status, to }) => [status, to]), {
        timeout: 60_000,
        interval: 1_000,
      })
      .toEqual([
        ['caught-up', 3],
        ['caught-up', 3],
      ]);
    const ledger = (await store.readLogState(tenant)).projections;
    expect(ledger).toMatchObject({ Ledger: { position: 3 }, Totals: { position: 3 } });
    const db = connectEmulatorFirestore(emulator.host);
    expect((await db.doc(`tenants/${tenant}/Ledger/all`).get()).get('positions')).toEqual([1, 2, 3]);
    expect((await db.doc(`tenants/${tenant}/Totals/c`).get()).data()).toEqual({ total: 3 });
  });
});
