import { randomUUID } from 'node:crypto';
import { describe, expect, it, inject } from 'vitest';
import { createAggregateRegistry, createCommandHandler } from '@firebase-event-store/kernel';
import { Calculator } from '../../src/aggregates/calculator.js';
import { createFirestoreEventStore } from '@firebase-event-store/firestore';
import { actorOf, uniqueTenant } from '@firebase-event-store/testing';
import { TEST_PROJECT, emulatorFirestore } from '@firebase-event-store/testing/emulator';
import { eventStoreCli } from '../support/event-store-cli.js';

const db = emulatorFirestore();
const readers = async (...args: string[]) => {
  const host = inject('firestoreEmulatorHost');
  const { stdout } = await eventStoreCli('readers', ...args, '--emulator', host, '--project', TEST_PROJECT);
  return JSON.parse(stdout) as unknown;
};

describe('npx firebase-event-store readers (emulator)', () => {
  it('shows lag, runs the reader, lists dead letters and rebuilds a projection', async () => {
    const tenant = uniqueTenant();
    const store = createFirestoreEventStore(db, { projectId: TEST_PROJECT });
    const handler = createCommandHandler({ store, registry: createAggregateRegistry([Calculator]), newId: randomUUID });
    for (let i = 1; i <= 3; i++)
      await handler.command(actorOf(tenant), 'AddNumbers', { aggregateId: 'c1', number1: i, number2: 0 });
    await store.sequence(tenant);

    expect(await readers('lag', '--tenant', tenant)).toEqual([
      expect.objectContaining({ handler: 'EventCounter', position: 0, head: 3, events: 3, blocked: false }),
      expect.objectContaining({ handler: 'CalculatorTotals', position: 0, head: 3, events: 3 }),
      expect.objectContaining({ handler: 'IdleReset', position: 0, head: 3, events: 3 }),
    ]);
    expect(await readers('run', '--tenant', tenant)).toEqual([
      expect.objectContaining({ handler: 'EventCounter', status: 'caught-up', to: 3 }),
      expect.objectContaining({ handler: 'CalculatorTotals', status: 'caught-up', to: 3 }),
      expect.objectContaining({ handler: 'IdleReset', status: 'caught-up', to: 3 }),
    ]);
    expect((await db.doc(`tenants/${tenant}/EventCounter/all`).get()).data()).toMatchObject({ eventCount: 3 });
    expect((await db.doc(`tenants/${tenant}/CalculatorTotals/c1`).get()).data()).toMatchObject({
      sum: 6,
      operations: 3,
    });
    expect(await readers('dead-letters', '--tenant', tenant)).toEqual([]);

    await db.doc(`tenants/${tenant}/CalculatorTotals/c1`).set({ sum: -1 }); // a read model gone wrong
    expect(await readers('rebuild', 'CalculatorTotals', '--tenant', tenant)).toMatchObject({
      status: 'caught-up',
      from: 0,
      to: 3,
    });
    expect((await db.doc(`tenants/${tenant}/CalculatorTotals/c1`).get()).data()).toMatchObject({
      sum: 6,
      operations: 3,
    });
  });
});
