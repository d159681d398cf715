import { randomUUID } from 'node:crypto';
import { doc, getDoc, Timestamp } from 'firebase/firestore';
import { createLocalJWKSet } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStreamReader } from '@firebase-event-store/kernel';
import { catalog } from '../../src/catalog.js';
import { createFirebaseIdTokenVerifier } from '@firebase-event-store/functions/http';
import { createFirestoreEventStore } from '@firebase-event-store/firestore';
import { db, logPosition, suite, until, user, whyNotProjected } from '../support/e2e-users.js';
import { eventStoreCli } from '../support/event-store-cli.js';

/**
 * The product as it runs on Firebase, on the Emulator Suite: a user signs in on the Auth
 * emulator, calls the API in the Functions emulator with the emulator's ID token, reads
 * snapshots with the client SDK under the security rules, and the trigger and the scheduled
 * reader keep the read models current.
 */
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

describe('The Emulator Suite (e2e)', () => {
  const tenant = `e2e-${randomUUID().slice(0, 6)}`;
  let ada: Awaited<ReturnType<typeof user>>;
  let stranger: Awaited<ReturnType<typeof user>>;

  let logFrom: number; // where the suite's log stood before this file's commands

  beforeAll(async () => {
    logFrom = logPosition();
    ada = await user(tenant, ['user', 'manager']);
    stranger = await user(`other-${randomUUID().slice(0, 6)}`);
  });

  it('a signed-in user runs commands through the Functions emulator with its ID token', async () => {
    const first = await ada.command('AddNumbers', { aggregateId: 'calc-1', number1: 1, number2: 2 });
    expect([first.status, first.headers.get('etag')]).toEqual([200, '"1"']);
    const second = await ada.command(
      'AddNumbers',
      { aggregateId: 'calc-1', number1: 3, number2: 4 },
      { 'If-Match': '"1"' },
    );
    expect([second.status, second.headers.get('etag')]).toEqual([200, '"2"']);
    expect(await second.json()).toMatchObject({ aggregateId: 'calc-1', version: 2, state: { sum: 10 } });
    const event = await db.doc(`tenants/${tenant}/events/Calculator~calc-1~0000000001`).get();
    expect(event.data()).toMatchObject({
      name: 'NumbersAdded',
      data: { number1: 1, number2: 2 },
      meta: { actor: { id: ada.uid } },
    });
  });

  it('the snapshot is readable with the client SDK by its own tenant, and denied to another', async () => {
    const own = await getDoc(doc(ada.firestore, `tenants/${tenant}/Calculator/calc-1`));
    expect(own.data()).toMatchObject({ version: 2, state: { sum: 10 } });
    await expect(getDoc(doc(stranger.firestore, `tenants/${tenant}/Calculator/calc-1`))).rejects.toMatchObject({
      code: 'permission-denied',
    });
    await expect(
      getDoc(doc(ada.firestore, `tenants/${tenant}/events/Calculator~calc-1~0000000001`)),
    ).rejects.toMatchObject({
      code: 'permission-denied',
    });
  });

  it('the onCreate trigger brings the projections up to date', async () => {
    const read = async () => (await getDoc(doc(ada.firestore, `tenants/${tenant}/EventCounter/all`))).data();
    const counter = await until(read, (value) => value?.eventCount === 2);
    if (counter?.eventCount !== 2) expect.fail(await whyNotProjected(tenant, logFrom));
    expect(counter).toMatchObject({ eventCount: 2, byName: { NumbersAdded: 2 } });
    const totals = await until(
      async () => (await getDoc(doc(ada.firestore, `tenants/${tenant}/CalculatorTotals/calc-1`))).data(),
      (value) => value?.operations === 2,
    );
    if (totals?.operations !== 2) expect.fail(await whyNotProjected(tenant, logFrom));
    expect(totals).toMatchObject({ sum: 10, operations: 2, version: 2 });
    // One type for one field name: the snapshot's updatedAt and the read model's are both timestamps.
    const snapshot = (await getDoc(doc(ada.firestore, `tenants/${tenant}/Calculator/calc-1`))).data();
    expect([snapshot?.updatedAt, totals.updatedAt]).toEqual([expect.any(Timestamp), expect.any(Timestamp)]);
  });

  it("the scheduled reader, run through the emulator's trigger endpoint, leaves nothing pending", async () => {
    expect((await ada.command('PressDigit', { aggregateId: 'keys-1', digit: '7' })).status).toBe(200);
    expect((await ada.command('PressOperator', { aggregateId: 'keys-1', operator: '+' })).status).toBe(200);
    const schedule = await fetch(
      `http://${suite.functions}/functions/projects/${suite.project}/triggers/us-central1-readPending-0`,
      {
        method: 'POST',
      },
    );
    expect(schedule.status).toBe(200);
    const reader = createStreamReader({
      store: createFirestoreEventStore(db, { projectId: suite.project }),
      handlers: catalog.handlers,
      newId: randomUUID,
    });
    const lag = await until(
      () => reader.lag(tenant),
      (entries) => entries.every((entry) => entry.events === 0 && entry.head === 4),
    );
    expect(lag.map(({ handler, position, events }) => ({ handler, position, events }))).toEqual([
      { handler: 'EventCounter', position: 4, events: 0 },
      { handler: 'CalculatorTotals', position: 4, events: 0 },
      { handler: 'IdleReset', position: 4, events: 0 },
    ]);
    expect(await reader.pendingTenants()).not.toContain(tenant);
  });

  it('npx firebase-event-store aggregate shows the snapshot and the events as stored', async () => {
    const args = [
      'aggregate',
      '--tenant',
      tenant,
      '--type',
      'Calculator',
      '--id',
      'calc-1',
      '--emulator',
      suite.firestore,
      '--project',
      suite.project,
    ];
    const shown = JSON.parse((await eventStoreCli(...args)).stdout) as {
      snapshot: unknown;
      events: { version: number; name: string }[];
    };
    expect(shown.snapshot).toEqual({ version: 2, schema: 1, state: { sum: 10 } });
    expect(shown.events.map(({ version, name }) => [version, name])).toEqual([
      [1, 'NumbersAdded'],
      [2, 'NumbersAdded'],
    ]);
  });

  it('npx firebase-event-store id-token and set-claims give a user a token and its tenant and roles', async () => {
    const run = (command: string, ...args: string[]) =>
      eventStoreCli(command, ...args, '--emulator', suite.auth, '--project', suite.project);
    const email = `${randomUUID().slice(0, 8)}@scripts.test`;
    const created = (
      await run('id-token', '--email', email, '--create', '--tenant', tenant, '--roles', 'user')
    ).stdout.trim();
    expect(claimsOf(created)).toMatchObject({ email, tenant, roles: ['user'] });
    await run('set-claims', '--email', email, '--tenant', tenant, '--roles', 'user,manager');
    const refreshed = (await run('id-token', '--email', email)).stdout.trim();
    expect(claimsOf(refreshed)).toMatchObject({ tenant, roles: ['user', 'manager'] });
    const response = await fetch(`${suite.api}/commands/AddNumbers`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${refreshed}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ aggregateId: 'by-script', number1: 1, number2: 1 }),
    });
    expect(response.status).toBe(200);
  });

  it('an ID token of the Auth emulator is rejected by the same code outside the emulator', async () => {
    const production = createFirebaseIdTokenVerifier({
      projectId: suite.project,
      keys: createLocalJWKSet({ keys: [] }),
    });
    await expect(production(ada.token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
