import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FORGOTTEN,
  keyIdOf,
  type EventStore,
  type PersonalDataStore,
  type ReaderStore,
} from '@firebase-event-store/kernel';
import { poisonable, Totals, uniqueTenant } from '@firebase-event-store/testing';
import { CalculatorTotals } from '../../src/projections/calculator-totals.js';
import { startHttpHarness } from '../support/http-harness.js';

export interface AdminStoreHarness {
  readonly name: string;
  readonly store: () => EventStore & ReaderStore;
  /** The store's subject keys. */
  readonly keys: (store: EventStore & ReaderStore) => PersonalDataStore;
  /** Where in the tenant's stored documents (every collection) `text` appears: their paths. */
  readonly scan: (tenant: string, text: string) => Promise<string[]>;
}

const EVENTS = '/admin/streams/Counter/c1/events';

interface Lag {
  readonly handler: string;
  readonly events: number;
  readonly blocked: boolean;
}

/** The operator console's routes: role, tenant, paging, time travel, dead letters, rebuilds; bad input writes nothing. */
export function adminApiSuite(harness: AdminStoreHarness) {
  describe(`admin API: ${harness.name}`, () => {
    let h: Awaited<ReturnType<typeof startHttpHarness>>;
    const poison = poisonable();
    beforeAll(async () => {
      const store = harness.store();
      const handlers = [Totals, poison.projection, CalculatorTotals];
      h = await startHttpHarness(store, { handlers, personal: harness.keys(store) });
    });
    afterAll(() => h.close());

    const as = async (claims: Record<string, unknown>) => {
      const token = await h.tokens.idToken(claims);
      return {
        get: (path: string) => request(h.server).get(path).auth(token, { type: 'bearer' }),
        post: (path: string, body: object) => request(h.server).post(path).auth(token, { type: 'bearer' }).send(body),
      };
    };
    /** An admin of a new tenant, with counter c1 at versions 1..3 (by 1, 13, 2). */
    async function tenantWithCounter() {
      const tenant = uniqueTenant();
      const adminUser = await as({ tenant, roles: ['admin'] });
      for (const by of [1, 13, 2]) {
        expect((await adminUser.post('/commands/Increment', { aggregateId: 'c1', by })).status).toBe(200);
      }
      return { tenant, admin: adminUser };
    }
    /** What a release or a rebuild would change: each handler's state, and the dead letters. */
    const readerState = async (tenant: string) => ({
      log: await h.store.readLogState(tenant),
      deadLetters: await h.reader!.deadLetters(tenant),
    });

    it('A1 pages through a stream with each event’s metadata, in the caller’s tenant only', async () => {
      const { admin } = await tenantWithCounter();
      const first = await admin.get(`${EVENTS}?limit=2`);
      expect(first.status).toBe(200);
      expect(first.headers['cache-control']).toBe('no-store');
      expect((first.body.events as { version: number }[]).map((e) => e.version)).toEqual([1, 2]);
      expect(first.body.next).toBe(3);
      expect(first.body.events[1]).toMatchObject({
        name: 'Incremented',
        data: { by: 13 },
        eventVersion: 1,
        meta: { command: 'Increment', causationId: null, actor: { id: expect.any(String) } },
      });
      expect(first.body.events[1].meta.correlationId).toEqual(expect.any(String));
      const rest = await admin.get(`${EVENTS}?from=3&limit=2`);
      expect([rest.body.events.length, rest.body.next]).toEqual([1, null]);

      const other = await as({ tenant: uniqueTenant(), roles: ['admin'] });
      const theirs = await other.get(EVENTS);
      expect([theirs.status, theirs.body.events]).toEqual([200, []]);
      expect((await other.get('/admin/streams/Counter/c1/state')).status).toBe(404);
    });

    it('A2 time travel: the state at each version, and the current one without a version', async () => {
      const { admin } = await tenantWithCounter();
      const at = async (query: string): Promise<unknown> =>
        (await admin.get(`/admin/streams/Counter/c1/state${query}`)).body;
      expect(await at('?version=1')).toMatchObject({ version: 1, state: { total: 1, count: 1 } });
      expect(await at('?version=2')).toMatchObject({ version: 2, state: { total: 14, count: 2 } });
      expect(await at('')).toMatchObject({ version: 3, state: { total: 16, count: 3 } });
    });

    it('A2b a version past the end is not found, never the latest state relabelled', async () => {
      const { admin } = await tenantWithCounter();
      for (const version of [4, 999, 0]) {
        const res = await admin.get(`/admin/streams/Counter/c1/state?version=${version}`);
        expect([version, res.status, res.body.code, res.body.state]).toEqual([version, 404, 'NOT_FOUND', undefined]);
      }
      expect((await admin.get('/admin/streams/Counter/c1/state?version=3')).body).toMatchObject({ version: 3 });
    });

    it('A3 a dead letter: seen in the lag and the list, released after the fix, then the lag is 0', async () => {
      const { tenant, admin } = await tenantWithCounter();
      poison.switches.broken = true;
      await h.reader!.poll(tenant);
      const lag = (await admin.get('/admin/readers')).body.readers as Lag[];
      expect(lag.find((r) => r.handler === 'Poisonable')).toMatchObject({
        blocked: true,
        position: 1,
        events: 2,
        failure: { eventId: 'Counter~c1~0000000002', error: 'poisoned by 13' },
      });
      expect(lag.find((r) => r.handler === 'Totals')).toMatchObject({ events: 0, blocked: false });
      const letters = (await admin.get('/admin/dead-letters')).body.deadLetters;
      expect(letters).toMatchObject([{ handler: 'Poisonable', eventId: 'Counter~c1~0000000002', attempts: 1 }]);

      poison.switches.broken = false;
      const released = await admin.post('/admin/readers/Poisonable/release', {});
      expect(released.status).toBe(200);
      expect(released.body).toMatchObject({ handler: 'Poisonable', skip: false, run: { status: 'caught-up', to: 3 } });
      const after = (await admin.get('/admin/readers')).body.readers as Lag[];
      expect(after.every((r) => r.events === 0 && !r.blocked)).toBe(true);
      expect((await admin.get('/admin/dead-letters')).body.deadLetters).toEqual([]);
    });

    it('A4 a rebuild runs the projection again from the first event', async () => {
      const { tenant, admin } = await tenantWithCounter();
      poison.switches.broken = false;
      await h.reader!.poll(tenant);
      const rebuilt = await admin.post('/admin/readers/Totals/rebuild', {});
      expect([rebuilt.status, rebuilt.body]).toEqual([
        200,
        { tenant, handler: 'Totals', status: 'caught-up', from: 0, to: 3 },
      ]);
    });

    it('A5 without a token 401, without the admin role 403, and nothing changes', async () => {
      const { tenant } = await tenantWithCounter();
      poison.switches.broken = true;
      await h.reader!.poll(tenant);
      const before = await readerState(tenant);
      const user = await as({ tenant, roles: ['user', 'manager'] });
      const routes = [
        ['get', EVENTS],
        ['get', '/admin/streams/Counter/c1/state'],
        ['get', '/admin/readers'],
        ['get', '/admin/dead-letters'],
        ['post', '/admin/readers/Poisonable/release'],
        ['post', '/admin/readers/Totals/rebuild'],
        ['post', '/admin/subjects/user-1/forget'],
      ] as const;
      for (const [method, path] of routes) {
        const anonymous = await request(h.server)
          [method](path)
          .send(method === 'post' ? {} : undefined);
        expect([path, anonymous.status, anonymous.body.code]).toEqual([path, 401, 'UNAUTHENTICATED']);
        const refused = await user[method](path, {});
        expect([path, refused.status, refused.body.code]).toEqual([path, 403, 'FORBIDDEN']);
      }
      expect(await readerState(tenant)).toEqual(before);
    });

    it('A6 bad input: a clear 400 or 404 problem document, and nothing changes', async () => {
      const { tenant, admin } = await tenantWithCounter();
      poison.switches.broken = true;
      await h.reader!.poll(tenant);
      const before = await readerState(tenant);
      const cases: [string, () => request.Test, number][] = [
        ['from=0', () => admin.get(`${EVENTS}?from=0`), 400],
        ['from=abc', () => admin.get(`${EVENTS}?from=abc`), 400],
        ['limit=0', () => admin.get(`${EVENTS}?limit=0`), 400],
        ['limit=201', () => admin.get(`${EVENTS}?limit=201`), 400],
        ['limit twice', () => admin.get(`${EVENTS}?limit=1&limit=2`), 400],
        ['unknown query key', () => admin.get(`${EVENTS}?tenant=other`), 400],
        ['version=-1', () => admin.get('/admin/streams/Counter/c1/state?version=-1'), 400],
        ['version=1.5', () => admin.get('/admin/streams/Counter/c1/state?version=1.5'), 400],
        ['unknown type', () => admin.get('/admin/streams/Nope/c1/events'), 404],
        ['type __proto__', () => admin.get('/admin/streams/__proto__/c1/events'), 404],
        ['malformed id', () => admin.get('/admin/streams/Counter/%20x/events'), 400],
        ['bad escape', () => admin.get('/admin/streams/Counter/%ZZ/events'), 400],
        ['skip not boolean', () => admin.post('/admin/readers/Poisonable/release', { skip: 'yes' }), 400],
        ['unknown body key', () => admin.post('/admin/readers/Poisonable/release', { skip: true, tenant: 'x' }), 400],
        ['unknown handler', () => admin.post('/admin/readers/Nobody/release', {}), 404],
        ['rebuild with a body', () => admin.post('/admin/readers/Totals/rebuild', { from: 2 }), 400],
        ['rebuild unknown', () => admin.post('/admin/readers/Nobody/rebuild', {}), 404],
        ['forget with a body', () => admin.post('/admin/subjects/user-1/forget', { tenant: 'x' }), 400],
        ['forget a subject with a space', () => admin.post('/admin/subjects/user%201/forget', {}), 400],
        ['forget a 129-character subject', () => admin.post(`/admin/subjects/${'u'.repeat(129)}/forget`, {}), 400],
        ['forget a control character', () => admin.post('/admin/subjects/user%001/forget', {}), 400],
        ['forget with GET', () => admin.get('/admin/subjects/user-1/forget'), 404],
        ['no such admin route', () => admin.get('/admin/everything'), 404],
      ];
      for (const [what, send, status] of cases) {
        const res = await send();
        expect([what, res.status, res.headers['content-type']]).toEqual([
          what,
          status,
          expect.stringContaining('problem+json'),
        ]);
      }
      expect(await readerState(tenant)).toEqual(before);
      // Nothing was forgotten: no tombstone, no audit stream.
      expect(await h.store.streamVersion({ tenant, type: 'DataSubject', id: keyIdOf('user-1') })).toBe(0);
    });

    it('A7 forgetting a user: their name reads as forgotten in the events, the state and the read model; versions stay', async () => {
      const tenant = uniqueTenant();
      const admin = await as({ tenant, roles: ['admin'] });
      const ownerId = `owner-${randomUUID()}`;
      const name = `Ada ${randomUUID()}`;
      const owner = await as({ tenant, roles: ['user'], sub: ownerId, user_id: ownerId });
      const claim = await owner.post('/commands/ClaimCalculator', { aggregateId: 'k1', displayName: name });
      expect([claim.status, claim.body.state.owner]).toEqual([200, { id: ownerId, name }]);
      await owner.post('/commands/AddNumbers', { aggregateId: 'k1', number1: 2, number2: 3 });
      await h.reader!.poll(tenant);
      // Before: plain only where state is derived (the snapshot, the read model), sealed in the events.
      expect(await harness.scan(tenant, name)).toHaveLength(2);
      const events = async () =>
        (await admin.get('/admin/streams/Calculator/k1/events')).body.events as { data: unknown; position: number }[];
      const before = await events();
      expect(before[0]!.data).toEqual({ ownerId, displayName: name });
      const positions = before.map((event) => event.position);

      const forgot = await admin.post(`/admin/subjects/${ownerId}/forget`, {});
      expect(forgot.status).toBe(200);
      expect(forgot.body).toEqual({
        subject: ownerId,
        keyId: keyIdOf(ownerId),
        alreadyForgotten: false,
        snapshots: [{ type: 'Calculator', id: 'k1', version: 2 }],
        idempotencyRecords: 0,
        readModels: ['CalculatorTotals'],
        auditVersion: 1,
      });
      const after = await events();
      expect(after.map((event) => event.data)).toEqual([
        { ownerId, displayName: FORGOTTEN },
        { number1: 2, number2: 3 },
      ]);
      expect(after.map((event) => event.position)).toEqual(positions);
      const state = (await admin.get('/admin/streams/Calculator/k1/state')).body;
      expect(state).toMatchObject({ version: 2, state: { sum: 5, owner: { id: ownerId, name: FORGOTTEN } } });
      const audit = (await admin.get(`/admin/streams/DataSubject/${keyIdOf(ownerId)}/events`)).body.events;
      expect(audit).toMatchObject([{ name: 'SubjectForgotten', meta: { command: 'ForgetSubject' } }]);

      // No new personal data of theirs is stored, and nothing is written trying.
      const again = await owner.post('/commands/ClaimCalculator', { aggregateId: 'k2', displayName: name });
      expect([again.status, again.body.code]).toEqual([409, 'PRECONDITION']);
      expect(await h.store.streamVersion({ tenant, type: 'Calculator', id: 'k2' })).toBe(0);
      // A second run rebuilds again and says so.
      const second = await admin.post(`/admin/subjects/${ownerId}/forget`, {});
      expect([second.status, second.body.alreadyForgotten, second.body.auditVersion]).toEqual([200, true, 2]);
      expect(await harness.scan(tenant, name)).toEqual([]);
    });
  });
}
