import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore, ReaderStore } from '@firebase-event-store/kernel';
import { poisonable, Totals, uniqueTenant } from '@firebase-event-store/testing';
import { startHttpHarness } from '../support/http-harness.js';

export interface AdminStoreHarness {
  readonly name: string;
  readonly store: () => EventStore & ReaderStore;
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
    beforeAll(
      async () => void (h = await startHttpHarness(harness.store(), { handlers: [Totals, poison.projection] })),
    );
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
      handlers: await Promise.all(['Totals', 'Poisonable'].map((handler) => h.store.readerState({ tenant, handler }))),
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
    });
  });
}
