/**
 * Commit-to-projection delay through the trigger path, in the Emulator Suite: a command through
 * the Functions emulator's API, then the time until the onCreate trigger's reader has the
 * projection up to date. Next to it, the same step done in-process (poll right after commit).
 */
import { randomUUID } from 'node:crypto';
import { createStreamReader } from '@firebase-event-store/kernel';
import { catalog } from './domain/catalog.js';
import { createFirestoreEventStore } from '@firebase-event-store/firestore';
import { startSuite } from './emulator-suite.js';
import { median, percentile, type Row } from './stats.js';
import { commitToProjection } from './commit-to-projection.js';
import { connectEmulatorFirestore } from '@firebase-event-store/testing/emulator';
import { handlerFor } from './store.bench.js';
import { suiteUser } from './suite-user.js';
import { actorOf } from '@firebase-event-store/testing';

export async function triggerBench(log: (line: string) => void): Promise<Row[]> {
  log('trigger: starting the Emulator Suite...');
  const suite = await startSuite();
  try {
    const user = await suiteUser(suite);

    log('trigger: 40 commands through the API, each until the trigger path has projected it...');
    const delays: number[] = [];
    for (let i = 1; i <= 40; i++) {
      await user.command();
      delays.push(await commitToProjection(user.db, user.tenant, i));
    }

    // The floor in a project of its own on the same emulator: no trigger races the reader there.
    log('trigger: the same 40 steps in-process (commit, then poll the reader), in a project without triggers...');
    const project = `demo-floor-${randomUUID().slice(0, 6)}`;
    const db = connectEmulatorFirestore(suite.firestore, project);
    const store = createFirestoreEventStore(db, { projectId: project });
    const reader = createStreamReader({ store, handlers: catalog.handlers, newId: randomUUID });
    const writer = handlerFor(db, true, store);
    const direct: number[] = [];
    const local = `bench-${randomUUID().slice(0, 6)}`;
    for (let i = 1; i <= 40; i++) {
      await writer.command(actorOf(local), 'AddNumbers', { aggregateId: 'calc', number1: 1, number2: 1 });
      await reader.poll(local);
      direct.push(await commitToProjection(db, local, i));
    }
    await Promise.all([db.terminate(), user.db.terminate()]);
    return [
      {
        scenario: 'commit to projection through the onCreate trigger (Emulator Suite, 40)',
        measure: 'p50',
        ours: median(delays),
        floor: median(direct),
        unit: 'ms',
        note: 'both on the database clock, commit to the step that projected it; floor: the reader polled in-process right after the commit',
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
