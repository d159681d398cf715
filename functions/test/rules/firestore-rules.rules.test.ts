import { readFileSync } from 'node:fs';
import {
  assertFails,
  assertSucceeds,
  initializeTestEnvironment,
  type RulesTestEnvironment,
} from '@firebase/rules-unit-testing';
import {
  collection,
  collectionGroup,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  limit,
  orderBy,
  query,
  setDoc,
  updateDoc,
  where,
  type Firestore,
} from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { renderFirestoreRules } from '@firebase-event-store/functions';
import { defineCatalog } from '@firebase-event-store/kernel';
import { catalog } from '../../src/catalog.js';

/** attack group E (docs/security.md), against the installed emulator with this repository's firestore.rules. */
const rulesFile = new URL('../../../firestore.rules', import.meta.url);
let env: RulesTestEnvironment;

beforeAll(async () => {
  const [host, port] = inject('firestoreEmulatorHost').split(':') as [string, string];
  env = await initializeTestEnvironment({
    projectId: 'demo-rules',
    firestore: { host, port: Number(port), rules: readFileSync(rulesFile, 'utf8') },
  });
  await env.withSecurityRulesDisabled(async (admin) => {
    const db = admin.firestore();
    for (const tenant of ['t1', 't2']) {
      await setDoc(doc(db, `tenants/${tenant}`), { name: tenant });
      await setDoc(doc(db, `tenants/${tenant}/Calculator/c1`), {
        version: 2,
        schema: 1,
        state: { sum: 3 },
        updatedAt: new Date(),
      });
      await setDoc(doc(db, `tenants/${tenant}/KeystrokeCalculator/k1`), {
        version: 1,
        schema: 1,
        state: { result: 0 },
      });
      await setDoc(doc(db, `tenants/${tenant}/EventCounter/all`), { eventCount: 3 });
      await setDoc(doc(db, `tenants/${tenant}/CalculatorTotals/c1`), { sum: 3, operations: 2 });
      await setDoc(doc(db, `tenants/${tenant}/events/Calculator~c1~0000000001`), { name: 'NumbersAdded', position: 1 });
      await setDoc(doc(db, `tenants/${tenant}/readers/EventCounter`), { position: 1, lease: null });
      await setDoc(doc(db, `tenants/${tenant}/idempotency/abc`), { fingerprint: 'x' });
      await setDoc(doc(db, `tenants/${tenant}/unique/abc`), {
        type: 'NameCalculator',
        aggregateId: 'n1',
        rule: 'name',
      });
      await setDoc(doc(db, `tenants/${tenant}/deadLetters/EventCounter~x`), { handler: 'EventCounter' });
      await setDoc(doc(db, `tenants/${tenant}/system/log`), { position: 1 });
      await setDoc(doc(db, `tenants/${tenant}/workflows/Idle/instances/c1`), { state: {}, revision: 1, timers: {} });
      await setDoc(doc(db, `tenants/${tenant}/workflows/Idle/instances/c1/timers/Reset`), { at: new Date() });
    }
  });
});
afterAll(() => env.cleanup());

// rules-unit-testing hands out the compat Firestore type; the modular API takes the same object.
const as = (claims: Record<string, unknown> | null, uid = 'user-1'): Firestore =>
  (claims === null
    ? env.unauthenticatedContext().firestore()
    : env.authenticatedContext(uid, claims).firestore()) as unknown as Firestore;
const member = (tenant: string, roles: string[] = ['user']) => as({ tenant, roles });

/** The reads a PWA makes (docs/pwa.md, "Reading from Firestore"). */
const pwaReads = (db: Firestore, tenant: string): Promise<unknown>[] => [
  getDoc(doc(db, `tenants/${tenant}`)),
  getDoc(doc(db, `tenants/${tenant}/Calculator/c1`)),
  getDocs(query(collection(db, `tenants/${tenant}/Calculator`), orderBy('updatedAt', 'desc'), limit(20))),
  getDocs(query(collection(db, `tenants/${tenant}/Calculator`), where('state.sum', '>', 0))),
  getDoc(doc(db, `tenants/${tenant}/KeystrokeCalculator/k1`)),
  getDoc(doc(db, `tenants/${tenant}/EventCounter/all`)),
  getDocs(query(collection(db, `tenants/${tenant}/CalculatorTotals`), orderBy('sum', 'desc'))),
];

describe('firestore.rules (rules tier): attack E (docs/security.md)', () => {
  it('E1/E5 a user of t1 reads its tenant, snapshots and read models, with the PWA queries', async () => {
    for (const read of pwaReads(member('t1'), 't1')) await assertSucceeds(read);
  });

  it('E1/E5 the same reads of t2 are denied', async () => {
    for (const read of pwaReads(member('t1'), 't2')) await assertFails(read);
  });

  it('E1 a query across tenants is denied', async () => {
    await assertFails(getDocs(collectionGroup(member('t1'), 'Calculator')));
    await assertFails(getDocs(collection(member('t1'), 'tenants')));
  });

  it.each(['events', 'readers', 'idempotency', 'unique', 'deadLetters', 'system'])(
    'E2 %s are never readable, even by the tenant',
    async (name) => {
      const db = member('t1', ['admin']);
      await assertFails(getDocs(collection(db, `tenants/t1/${name}`)));
      const ids = {
        events: 'Calculator~c1~0000000001',
        readers: 'EventCounter',
        idempotency: 'abc',
        unique: 'abc',
        deadLetters: 'EventCounter~x',
        system: 'log',
      };
      await assertFails(getDoc(doc(db, `tenants/t1/${name}/${ids[name as keyof typeof ids]}`)));
    },
  );

  it('E2 workflow instances and their timers are never readable, even by the tenant', async () => {
    const db = member('t1', ['admin']);
    await assertFails(getDoc(doc(db, 'tenants/t1/workflows/Idle/instances/c1')));
    await assertFails(getDocs(collection(db, 'tenants/t1/workflows/Idle/instances')));
    await assertFails(getDoc(doc(db, 'tenants/t1/workflows/Idle/instances/c1/timers/Reset')));
    await assertFails(getDocs(collectionGroup(db, 'timers')));
    await assertFails(setDoc(doc(db, 'tenants/t1/workflows/Idle/instances/c1/timers/Reset'), { at: new Date(0) }));
  });

  it('E3 every client write is denied, whatever the claims', async () => {
    for (const db of [member('t1'), as({ tenant: 't1', roles: ['admin'], admin: true }), as({ admin: true })]) {
      await assertFails(setDoc(doc(db, 'tenants/t1/Calculator/c1'), { version: 99, state: { sum: 1e9 } }));
      await assertFails(updateDoc(doc(db, 'tenants/t1/Calculator/c1'), { version: 99 }));
      await assertFails(deleteDoc(doc(db, 'tenants/t1/Calculator/c1')));
      await assertFails(setDoc(doc(db, 'tenants/t1/Calculator/new'), { version: 1 }));
      await assertFails(setDoc(doc(db, 'tenants/t1/events/Calculator~c1~0000000002'), { name: 'NumbersAdded' }));
      await assertFails(setDoc(doc(db, 'tenants/t1/EventCounter/all'), { eventCount: 0 }));
      await assertFails(setDoc(doc(db, 'tenants/t1/unique/abc'), { type: 'NameCalculator', aggregateId: 'mine' }));
      await assertFails(deleteDoc(doc(db, 'tenants/t1/unique/abc')));
      await assertFails(setDoc(doc(db, 'tenants/t1'), { name: 'mine' }));
      await assertFails(setDoc(doc(db, 'anything/else'), { x: 1 }));
    }
  });

  it.each([
    ['unauthenticated', null],
    ['no tenant claim', { roles: ['user'] }],
    ['a tenant claim that is a number', { tenant: 1 }],
    ['a tenant claim that is a list', { tenant: ['t1'] }],
    ['another tenant', { tenant: 't2' }],
  ])('E4 %s: denied', async (_name, claims) => {
    await assertFails(getDoc(doc(as(claims), 'tenants/t1/Calculator/c1')));
    await assertFails(getDoc(doc(as(claims), 'tenants/t1')));
  });

  it.each([
    ['signed in anonymously', { tenant: 't1', firebase: { sign_in_provider: 'anonymous', identities: {} } }],
    ['with an email not verified', { tenant: 't1', email: 'ada@t1.test', email_verified: false }],
    ['with an email and no verification claim', { tenant: 't1', email: 'ada@t1.test' }],
  ])('E6 a member of t1 %s reads nothing (the default clientReads)', async (_name, claims) => {
    for (const read of pwaReads(as(claims), 't1')) await assertFails(read);
  });

  it.each([
    ['with a verified email', { tenant: 't1', email: 'ada@t1.test', email_verified: true }],
    [
      'without an email (a phone or custom sign-in)',
      { tenant: 't1', firebase: { sign_in_provider: 'phone', identities: {} } },
    ],
  ])('E6 a member of t1 %s reads as before', async (_name, claims) => {
    for (const read of pwaReads(as(claims), 't1')) await assertSucceeds(read);
  });

  it('E6 a catalog that lets anonymous and unverified users read gets rules that do, and still only its own tenant', async () => {
    const open = defineCatalog({
      aggregates: catalog.aggregates,
      handlers: catalog.handlers,
      clientReads: { allowAnonymous: true, allowUnverifiedEmail: true },
    });
    const [host, port] = inject('firestoreEmulatorHost').split(':') as [string, string];
    const openEnv = await initializeTestEnvironment({
      projectId: 'demo-rules-open',
      firestore: { host, port: Number(port), rules: renderFirestoreRules(open) },
    });
    try {
      await openEnv.withSecurityRulesDisabled(async (admin) => {
        await setDoc(doc(admin.firestore(), 'tenants/t1/Calculator/c1'), { version: 1, state: { sum: 1 } });
      });
      const anonymous = openEnv
        .authenticatedContext('anon-1', { tenant: 't1', firebase: { sign_in_provider: 'anonymous', identities: {} } })
        .firestore() as unknown as Firestore;
      const unverified = openEnv
        .authenticatedContext('user-2', { tenant: 't1', email: 'bob@t1.test', email_verified: false })
        .firestore() as unknown as Firestore;
      for (const db of [anonymous, unverified]) {
        await assertSucceeds(getDoc(doc(db, 'tenants/t1/Calculator/c1')));
        await assertFails(getDoc(doc(db, 'tenants/t2/Calculator/c1')));
        await assertFails(setDoc(doc(db, 'tenants/t1/Calculator/c1'), { version: 2 }));
      }
    } finally {
      await openEnv.cleanup();
    }
  });

  it('is what the catalog implies, as the build writes it: the readable collections cannot drift', () => {
    expect(readFileSync(rulesFile, 'utf8')).toBe(renderFirestoreRules(catalog));
    expect(catalog.readableCollections).toEqual([
      'Calculator',
      'KeystrokeCalculator',
      'NameCalculator',
      'EventCounter',
      'CalculatorTotals',
    ]);
  });
});
