import { randomUUID } from 'node:crypto';
import { describe, expect, it, inject } from 'vitest';
import { createCommandHandler, FORGOTTEN, keyIdOf } from '@firebase-event-store/kernel';
import { createDeployment } from '@firebase-event-store/functions';
import { actorOf, uniqueTenant } from '@firebase-event-store/testing';
import { documentsHolding, emulatorFirestore, TEST_PROJECT } from '@firebase-event-store/testing/emulator';
import { catalog } from '../../src/catalog.js';
import { eventStoreCli } from '../support/event-store-cli.js';

const db = emulatorFirestore();
const forgetSubject = (...args: string[]) =>
  eventStoreCli(
    'forget-subject',
    ...args,
    '--emulator',
    inject('firestoreEmulatorHost'),
    '--project',
    TEST_PROJECT,
    '--settle',
    '0',
  );

describe('npx firebase-event-store forget-subject (emulator)', () => {
  const deployment = createDeployment(db, catalog, { projectId: TEST_PROJECT });
  const handler = createCommandHandler({ ...deployment, newId: randomUUID });

  /** A tenant where `owner` claimed calculator k1 under `name` and the projections ran. */
  async function claimed() {
    const tenant = uniqueTenant();
    const owner = { ...actorOf(tenant), id: `owner-${randomUUID()}` };
    const name = `Grace ${randomUUID()}`;
    await handler.command(owner, 'ClaimCalculator', { aggregateId: 'k1', displayName: name });
    await handler.command(owner, 'AddNumbers', { aggregateId: 'k1', number1: 1, number2: 2 });
    await deployment.reader.poll(tenant);
    return { tenant, owner, name };
  }

  it('forgets a user: their name is in no document of the tenant, the report says what was rebuilt', async () => {
    const { tenant, owner, name } = await claimed();
    expect(await documentsHolding(db, tenant, name)).toHaveLength(2); // the snapshot and the read model
    const { stdout } = await forgetSubject(owner.id, '--tenant', tenant);
    expect(JSON.parse(stdout)).toEqual({
      subject: owner.id,
      keyId: keyIdOf(owner.id),
      alreadyForgotten: false,
      snapshots: [{ type: 'Calculator', id: 'k1', version: 2 }],
      idempotencyRecords: 0,
      readModels: ['EventCounter', 'CalculatorTotals'], // the counter reads every stream
      auditVersion: 1,
    });
    expect(await documentsHolding(db, tenant, name)).toEqual([]);
    const { state } = await handler.load(owner, 'Calculator', 'k1');
    expect(state).toEqual({ sum: 3, owner: { id: owner.id, name: FORGOTTEN } });
    expect((await db.doc(`tenants/${tenant}/CalculatorTotals/k1`).get()).data()).toMatchObject({
      owner: FORGOTTEN,
      sum: 3,
    });
  });

  it.each([
    ['no tenant', []],
    ['a subject with a space', ['owner 1']],
    ['two subjects', ['a', 'b']],
  ])('bad input (%s): the usage, exit 2, and nothing is forgotten', async (_what, args) => {
    const { tenant, owner, name } = await claimed();
    const withTenant = args.length === 0 ? [owner.id] : [...args, '--tenant', tenant];
    await expect(forgetSubject(...withTenant)).rejects.toMatchObject({ code: 2 });
    expect(await documentsHolding(db, tenant, name)).toHaveLength(2);
    expect(await deployment.store.streamVersion({ tenant, type: 'DataSubject', id: keyIdOf(owner.id) })).toBe(0);
  });
});
