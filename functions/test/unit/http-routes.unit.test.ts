import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInMemoryEventStore } from '@firebase-event-store/kernel';
import { Totals } from '@firebase-event-store/testing';
import { startHttpHarness } from '../support/http-harness.js';

/**
 * attack F3 (docs/security.md): query strings are parsed strictly and the same way on every route, routes
 * are case-sensitive, and a parameter a route does not know is refused, not ignored.
 */
type Harness = Awaited<ReturnType<typeof startHttpHarness>>;
let h: Harness;
let admin: string;
beforeAll(async () => {
  const store = createInMemoryEventStore();
  h = await startHttpHarness(store, { handlers: [Totals], personal: store });
  admin = await h.tokens.idToken({ roles: ['admin', 'user'] });
  const first = await request(h.server).post('/commands/Increment').auth(admin, { type: 'bearer' }).send({
    aggregateId: 'c1',
    by: 1,
  });
  expect(first.status).toBe(200);
  await request(h.server)
    .post('/commands/Increment')
    .auth(admin, { type: 'bearer' })
    .send({ aggregateId: 'c1', by: 2 });
});
afterAll(() => h.close());

const get = (path: string) => request(h.server).get(path).auth(admin, { type: 'bearer' });
const post = (path: string, body: object = {}) =>
  request(h.server).post(path).auth(admin, { type: 'bearer' }).send(body);

/** A 4xx problem document, and not one event written anywhere in the tenant. */
async function expectRefused(send: () => request.Test, status: number) {
  const before = await h.eventsIn('t1');
  const res = await send();
  expect([res.status, res.headers['content-type']], res.text).toEqual([
    status,
    expect.stringContaining('problem+json'),
  ]);
  expect(await h.eventsIn('t1')).toBe(before);
  return res;
}

const STREAM = '/admin/streams/Counter/c1';

describe('routes (unit): one strict query parser, case-sensitive paths', () => {
  it.each([
    ['from=0x2', `${STREAM}/events?from=0x2`],
    ['from=2e0', `${STREAM}/events?from=2e0`],
    ['from=+2', `${STREAM}/events?from=+2`],
    ['from= 2', `${STREAM}/events?from=%202`],
    ['from=02', `${STREAM}/events?from=02`],
    ['from empty', `${STREAM}/events?from=`],
    ['from without a value', `${STREAM}/events?from`],
    ['limit=1.0', `${STREAM}/events?limit=1.0`],
    ['version=0x1', `${STREAM}/state?version=0x1`],
    ['version twice', `${STREAM}/state?version=1&version=1`],
    ['version[]', `${STREAM}/state?version[]=1`],
    ['readers?tenant=B', '/admin/readers?tenant=B'],
    ['dead-letters?tenant=B', '/admin/dead-letters?tenant=B'],
    ['healthz?x=1', '/healthz?x=1'],
    ['openapi.json?x=1', '/openapi.json?x=1'],
  ])('GET with %s -> 400', async (_what, path) => {
    const res = await expectRefused(() => get(path), 400);
    expect(res.body.code).toBe('INVALID_ARGUMENT');
  });

  it('the canonical forms are read as they are', async () => {
    const page = (await get(`${STREAM}/events?from=2&limit=1`)).body as { events: { version: number }[] };
    expect(page.events.map((event) => event.version)).toEqual([2]);
    expect((await get(`${STREAM}/state?version=1`)).body).toMatchObject({ version: 1, state: { total: 1 } });
    expect((await get('/admin/readers')).status).toBe(200);
    expect((await get('/healthz')).status).toBe(200);
  });

  it.each([
    ['a command with a query', () => post('/commands/Increment?tenant=t2', { aggregateId: 'c1', by: 5 })],
    ['a release with a query', () => post('/admin/readers/Totals/release?skip=true', {})],
    ['a rebuild with a query', () => post('/admin/readers/Totals/rebuild?from=2', {})],
    ['a forget with a query', () => post('/admin/subjects/user-9/forget?tenant=t2', {})],
  ])('POST %s -> 400, nothing written', async (_what, send) => void (await expectRefused(send, 400)));

  it.each([
    '/API/commands/Increment',
    '/Api/commands/Increment',
    '/api/Commands/Increment',
    '/COMMANDS/Increment',
    '/commands/increment',
    '/api/commands/INCREMENT',
    '/commands/Increment/',
    '/api/commands/Increment/',
  ])('POST %s -> 404: paths are case-sensitive and strict', async (path) => {
    const res = await expectRefused(() => post(path, { aggregateId: 'c1', by: 5 }), 404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it.each([
    '/ADMIN/readers',
    '/api/Admin/readers',
    '/admin/Readers',
    '/admin/readers/',
    '/HEALTHZ',
    '/healthz/',
    '/api/OpenAPI.json',
  ])('GET %s -> 404', async (path) => void (await expectRefused(() => get(path), 404)));

  it('the same command under /api and at the root still runs', async () => {
    expect((await post('/api/commands/Increment', { aggregateId: 'c2', by: 1 })).status).toBe(200);
    expect((await post('/commands/Increment', { aggregateId: 'c2', by: 1 })).status).toBe(200);
  });
});
