/**
 * Commit-to-projection delay through the trigger path, in the Emulator Suite: a command through
 * the Functions emulator's API, then the time until the onCreate trigger's reader has the
 * projection up to date. Next to it, the same step done in-process (poll right after commit).
 */
import { randomUUID } from 'node:crypto';
import { createStreamReader } from '@firebase-event-store/kernel';
import { catalog } from '../functions/src/catalog.js';
import { createFirestoreEventStore } from '@firebase-event-store/firestore';
import { startEmulatorSuite } from '../functions/test/support/emulator-suite.js';
import { median, percentile, timed, type Row } from './stats.js';
import { handlerFor } from './store.bench.js';
import { suiteUser } from './suite-user.js';
import { actorOf } from '@firebase-event-store/testing';

export async function triggerBench(log: (line: string) => void): Promise<Row[]> {
  log('trigger: starting the Emulator Suite...');
  const suite = await startEmulatorSuite();
  try {
    const user = await suiteUser(suite);
    const { db } = user;

    log('trigger: 40 commands, each until its event is counted by the trigger path...');
    const delays: number[] = [];
    for (let i = 1; i <= 40; i++) {
      await user.command();
      const committed = performance.now();
      await user.countedAtLeast(i);
      delays.push(performance.now() - committed);
    }

    log('trigger: the same 40 steps in-process (commit, then poll the reader)...');
    const store = createFirestoreEventStore(db, { projectId: suite.project });
    const reader = createStreamReader({ store, handlers: catalog.handlers, newId: randomUUID });
    const writer = handlerFor(db, true);
    const direct: number[] = [];
    const local = `bench-${randomUUID().slice(0, 6)}`;
    for (let i = 0; i < 40; i++) {
      await writer.command(actorOf(local), 'AddNumbers', { aggregateId: 'calc', number1: 1, number2: 1 });
      direct.push(await timed(() => reader.poll(local)));
    }
    await db.terminate();
    return [
      {
        scenario: 'commit to projection through the onCreate trigger (Emulator Suite, 40)',
        measure: 'p50',
        ours: median(delays),
        floor: median(direct),
        unit: 'ms',
        note: 'floor: the reader polled in-process right after the commit',
      },
      { scenario: '', measure: 'p95', ours: percentile(delays, 0.95), floor: percentile(direct, 0.95), unit: 'ms' },
      {
        scenario: 'Emulator Suite cold start (auth, firestore, functions, hosting), command to ready',
        measure: 'start',
        ours: suite.startedInMs,
        floor: suite.startedInMs,
        unit: 'ms',
      },
    ];
  } finally {
    await suite.stop();
  }
}
