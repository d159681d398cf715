import { randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { initializeApp as initializeAdmin } from 'firebase-admin/app';
import { getAuth as adminAuth } from 'firebase-admin/auth';
import { getFirestore as adminFirestore } from 'firebase-admin/firestore';
import { initializeApp } from 'firebase/app';
import { connectAuthEmulator, getAuth, signInWithEmailAndPassword } from 'firebase/auth';
import { connectFirestoreEmulator, getFirestore } from 'firebase/firestore';
import { inject } from 'vitest';
import { createStreamReader } from '@firebase-event-store/kernel';
import { catalog } from '../../src/catalog.js';
import { createFirestoreEventStore } from '@firebase-event-store/firestore';

/**
 * What the end-to-end tests share: the running Emulator Suite, firebase-admin on it, and users
 * who sign in with the client SDK as a PWA would.
 */
export const suite = inject('suite');
process.env.FIREBASE_AUTH_EMULATOR_HOST = suite.auth;
process.env.FIRESTORE_EMULATOR_HOST = suite.firestore;
export const admin = initializeAdmin({ projectId: suite.project }, `e2e-${randomUUID()}`);
export const db = adminFirestore(admin);
const PASSWORD = 'e2e-password';

/** A user with custom claims set through the Admin SDK, signed in with the client SDK. */
export async function user(tenant: string, roles: string[] = ['user']) {
  const email = `${randomUUID().slice(0, 8)}@${tenant}.test`;
  // Verified: the rules let no member with an unverified email read (catalog.clientReads).
  const { uid } = await adminAuth(admin).createUser({
    email,
    password: PASSWORD,
    displayName: 'E2E',
    emailVerified: true,
  });
  await adminAuth(admin).setCustomUserClaims(uid, { tenant, roles });
  const app = initializeApp({ projectId: suite.project, apiKey: 'demo-api-key' }, `client-${uid}`);
  const auth = getAuth(app);
  connectAuthEmulator(auth, `http://${suite.auth}`, { disableWarnings: true });
  const credential = await signInWithEmailAndPassword(auth, email, PASSWORD);
  const firestore = getFirestore(app);
  const [host, port] = suite.firestore.split(':') as [string, string];
  connectFirestoreEmulator(firestore, host, Number(port));
  const token = await credential.user.getIdToken();
  const command = (name: string, body: object, headers: Record<string, string> = {}, base = suite.api) =>
    fetch(`${base}/commands/${name}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  return { uid, token, firestore, command };
}

/** Reads until `done` holds or `timeoutMs` passes, and returns the last value read. */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(200);
  }
}

/** Where the suite's log stands now: what a later `whyNotProjected` reads from. */
export const logPosition = () => statSync(suite.logFile).size;

/**
 * Why a tenant's projections are not where a test expected them, in words: whether the
 * Functions emulator delivered the onCreate trigger at all (each execution is logged), and if
 * it did, where the log and each handler stand and what the functions logged.
 */
export async function whyNotProjected(tenant: string, logFrom: number): Promise<string> {
  const log = readFileSync(suite.logFile, 'utf8').slice(logFrom);
  const deliveries = log.split('Beginning execution of "us-central1-onEventCreated"').length - 1;
  const logged = log
    .split('\n')
    .filter((line) => /could not run|did not finish|dead letter|Failed to load|Error/i.test(line));
  const store = createFirestoreEventStore(db, { projectId: suite.project });
  const lag = await createStreamReader({ store, handlers: catalog.handlers, newId: randomUUID }).lag(tenant);
  const unpositioned = (
    await db.collection(`tenants/${tenant}/events`).where('position', '==', null).count().get()
  ).data().count;
  const where = `unpositioned events: ${unpositioned}; handlers: ${JSON.stringify(lag)}; logged: ${JSON.stringify(logged.slice(0, 20))}`;
  return deliveries === 0
    ? `the Functions emulator never delivered onEventCreated (no execution in its log since the commands); ${where}`
    : `onEventCreated ran ${deliveries} times, yet the projections are behind: a wake-up lost or a run that failed; ${where}`;
}
