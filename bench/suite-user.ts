import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectEmulatorAuth, connectEmulatorFirestore } from '@firebase-event-store/testing/emulator';
import type { EmulatorSuite } from './emulator-suite.js';

/**
 * A user of a new tenant on a running Emulator Suite, signed in with the claims the API wants,
 * and a way to send it commands through the Functions emulator and wait for the trigger path
 * to count them in the reference project's EventCounter.
 */
export async function suiteUser(suite: EmulatorSuite) {
  const db = connectEmulatorFirestore(suite.firestore, suite.project);
  const tenant = `bench-${randomUUID().slice(0, 6)}`;
  const email = `${tenant}@bench.test`;
  const auth = connectEmulatorAuth(suite.auth, suite.project);
  const { uid } = await auth.signUp(email, 'bench-password');
  await auth.admin.setCustomUserClaims(uid, { tenant, roles: ['user'] });
  const { idToken } = await auth.signIn(email, 'bench-password');
  const counter = db.doc(`tenants/${tenant}/EventCounter/all`);
  const counted = async () => ((await counter.get()).get('eventCount') as number | undefined) ?? 0;
  return {
    db,
    tenant,
    /** One AddNumbers command through the API; resolves when it is answered. */
    async command() {
      const response = await fetch(`${suite.api}/commands/AddNumbers`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${idToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ aggregateId: 'calc', number1: 1, number2: 1 }),
      });
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    },
    /** Resolves once the trigger path has counted `n` events of the tenant (looked at every 10 ms). */
    async countedAtLeast(n: number) {
      while ((await counted()) < n) await sleep(10);
    },
  };
}
