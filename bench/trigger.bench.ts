/**
 * Commit-to-projection delay through the trigger path, in the Emulator Suite: a command through
 * the Functions emulator's API, then the time until the onCreate trigger's reader has the
 * projection up to date. Next to it, the same step done in-process (poll right after commit).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createStreamReader } from '@firebase-event-store/kernel';
import { catalog } from '../functions/src/catalog.js';
import { createFirestoreEventStore } from '@firebase-event-store/firestore';
import { connectEmulatorFirestore } from '@firebase-event-store/testing/emulator';
import { startEmulatorSuite } from '../functions/test/support/emulator-suite.js';
import { signIn, signUp } from '../functions/tools/lib/auth-emulator.js';
import { median, percentile, timed, type Row } from './stats.js';
import { handlerFor } from './store.bench.js';
import { actorOf } from '@firebase-event-store/testing';

export async function triggerBench(log: (line: string) => void): Promise<Row[]> {
  log('trigger: starting the Emulator Suite...');
  const suite = await startEmulatorSuite();
  try {
    const db = connectEmulatorFirestore(suite.firestore, suite.project);
    const tenant = `bench-${randomUUID().slice(0, 6)}`;
    const email = `${tenant}@bench.test`;
    const { uid } = await signUp(suite.auth, email, 'bench-password');
    process.env.FIREBASE_AUTH_EMULATOR_HOST = suite.auth;
    const { getAuth } = await import('../functions/test/support/firebase-admin-auth.js');
    await getAuth(suite.project).setCustomUserClaims(uid, { tenant, roles: ['user'] });
    const { idToken } = await signIn(suite.auth, email, 'bench-password');
    const counter = db.doc(`tenants/${tenant}/EventCounter/all`);
    const counted = async () => ((await counter.get()).get('eventCount') as number | undefined) ?? 0;

    log('trigger: 40 commands, each until its event is counted by the trigger path...');
    const delays: number[] = [];
    for (let i = 1; i <= 40; i++) {
      const response = await fetch(`${suite.api}/commands/AddNumbers`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${idToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ aggregateId: 'calc', number1: 1, number2: 1 }),
      });
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
      const committed = performance.now();
      while ((await counted()) < i) await sleep(10);
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
