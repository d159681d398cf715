import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createFirestoreEventStore } from '@firebase-event-store/firestore';
import { connectEmulatorFirestore } from '@firebase-event-store/testing/emulator';
import { startEmulatorSuite } from '../support/emulator-suite.js';

/**
 * The Functions emulator serves the API a couple of seconds before it has registered the
 * Firestore trigger with the Firestore emulator (measured: 2.2-2.4 s), and an event committed
 * in that window is never delivered to onEventCreated. So the suite is ready only once the
 * trigger is registered: an event committed the moment the suite is ready is still positioned
 * by its trigger (the emulator never runs the schedule that would otherwise catch it).
 */
describe('the Emulator Suite is ready only when its triggers are (e2e)', () => {
  it('an event committed the instant the suite is ready reaches the trigger', async () => {
    const suite = await startEmulatorSuite();
    try {
      const db = connectEmulatorFirestore(suite.firestore, suite.project);
      const store = createFirestoreEventStore(db, { projectId: suite.project });
      const tenant = `ready-${randomUUID().slice(0, 6)}`;
      await store.commit({
        stream: { tenant, type: 'Calculator', id: 'first' },
        expectedVersion: 0,
        events: [{ name: 'NumbersAdded', data: { number1: 1, number2: 2 } }],
        snapshot: { state: { sum: 3 }, schema: 1 },
        meta: { actor: { id: 'u', name: 'U' }, command: 'AddNumbers', correlationId: 'c', causationId: null },
      });
      let position: unknown = null;
      for (let i = 0; i < 150 && position === null; i++) {
        position = (await db.doc(`tenants/${tenant}/events/Calculator~first~0000000001`).get()).get('position');
        if (position === null) await sleep(200);
      }
      expect(position, 'the onCreate trigger never positioned an event committed right after start-up').toBe(1);
      await db.terminate();
    } finally {
      await suite.stop();
    }
  });
});
