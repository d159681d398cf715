import { randomUUID } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createAggregateRegistry, createCommandHandler, createStreamReader } from '@firebase-event-store/kernel';
import { actorOf, Counter, ListingFollowUp, Product, uniqueTenant } from '@firebase-event-store/testing';
import { emulatorFirestore } from '@firebase-event-store/testing/emulator';
import { createFirestoreEventStore } from '../src/firestore-event-store.js';
import { countFirestoreOperations } from '../src/operation-counter.js';

// The workflows' part of the operation counts (operation-counts.emulator.test.ts has the commands').
const registry = createAggregateRegistry([Counter, Product]);
const counter = countFirestoreOperations();
afterAll(() => counter.stop());
beforeEach(() => counter.reset());

/**
 * A workflow's instance is one document (its state, position, revision and pending timers) and
 * each pending timer one more, the index the scheduled run queries: every save is a transaction
 * that reads the instance and writes it with the timers that changed.
 */
describe('the operations of a workflow (emulator)', () => {
  const T0 = new Date('2026-03-01T12:00:00.000Z');
  const HOUR = 3_600_000;
  /** A project of its own per case: the due query finds timers across every tenant of a database. */
  const fresh = () => {
    const project = `demo-workflow-ops-${randomUUID().slice(0, 6)}`;
    const own = createFirestoreEventStore(emulatorFirestore(project), { projectId: project });
    const commands = createCommandHandler({ store: own, registry, newId: randomUUID });
    const reader = () =>
      createStreamReader({ store: own, handlers: [ListingFollowUp], newId: randomUUID, clock: () => T0, commands });
    const listed = async () => {
      const who = actorOf(uniqueTenant());
      await commands.command(who, 'List', { aggregateId: 'p', sku: 'SKU-1' });
      await own.sequence(who.tenant);
      return who.tenant;
    };
    return { own, reader, listed };
  };

  it('set a timer: the instance read in a transaction, and written with the timer in its commit', async () => {
    const { own } = fresh();
    const tenant = uniqueTenant();
    const followUp = { name: 'FollowUp', at: T0.toISOString(), causationId: 'e', correlationId: 'e' };
    counter.reset();
    await own.saveInstance(
      { tenant, workflow: 'ListingFollowUp', instance: 'q' },
      { from: 0, state: { listed: 1 }, position: 1, set: [followUp], cancel: [] },
    );
    expect(counter.counts).toEqual({ reads: 1, writes: 2, deletes: 0, calls: { batchGetDocuments: 1, commit: 1 } });
    await own.saveInstance(
      { tenant, workflow: 'ListingFollowUp', instance: 'q' },
      { from: 1, state: { listed: 1 }, position: 2, set: [], cancel: ['FollowUp'] },
    );
  });

  it('apply an event (a poll of the workflow: its reaction, the command it sends, its instance and timer)', async () => {
    const { reader, listed } = fresh();
    const tenant = await listed();
    counter.reset();
    // To 2: the event the command it sent committed is sequenced and passed by in the same poll.
    expect(await reader().poll(tenant)).toMatchObject([{ status: 'caught-up', from: 0, to: 2 }]);
    // The workflow's own part: the instance loaded (1 read), then saved in a transaction (1 read;
    // the instance and its timer written). The rest is the reaction's log step, lease and
    // position (as for any reaction, over two events), and the command Increment sent (its
    // snapshot and idempotency record read; its event, snapshot and record written).
    expect(counter.counts).toEqual({
      reads: 17,
      writes: 11,
      deletes: 0,
      calls: { runQuery: 4, batchGetDocuments: 12, commit: 9 },
    });
  });

  it('fire a timer: the due query, the instance, the command, and the save that deletes the timer', async () => {
    const { reader, listed } = fresh();
    const tenant = await listed();
    await reader().poll(tenant);
    counter.reset();
    expect(await reader().fireDueTimers({ now: new Date(T0.getTime() + HOUR), limit: 10 })).toMatchObject([
      { tenant, status: 'fired' },
    ]);
    // The timer's own part: the due query (1 read), the instance loaded (1), the save's
    // transaction (1 read; the instance written, the timer deleted). The command Increment:
    // 2 reads (snapshot, idempotency record) and 3 writes (event, snapshot, record).
    expect(counter.counts).toEqual({
      reads: 3 + 2,
      writes: 1 + 3,
      deletes: 1,
      calls: { runQuery: 1, batchGetDocuments: 2 + 2, commit: 1 + 1 },
    });
  });
});
