import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInMemoryEventStore } from '@firebase-event-store/kernel';
import { ALLOWED_ORIGIN, BODY_LIMIT, startHttpHarness } from '../support/http-harness.js';

/** attack group B (docs/security.md): bad input gets a clear problem document and writes nothing. */
type Harness = Awaited<ReturnType<typeof startHttpHarness>>;
let h: Harness;
let token: string;
beforeAll(async () => {
  h = await startHttpHarness(createInMemoryEventStore());
  token = await h.tokens.idToken();
});
afterAll(() => h.close());

const post = (path: string) => request(h.server).post(path).auth(token, { type: 'bearer' });

/** Sends a request, checks its status and problem document, and that no event was written. */
async function expectProblem(send: () => request.Test, status: number) {
  const before = await h.eventsIn('t1');
  const res = await send();
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code: expect.any(String), requestId: res.headers['x-request-id'] });
  expect(res.text).not.toMatch(/\.(ts|js):\d+|stack/);
  expect(await h.eventsIn('t1')).toBe(before);
  return res;
}

describe('HTTP input (unit): attack B (docs/security.md)', () => {
  it.each(['constructor', '__proto__', '%5F%5Fproto%5F%5F', 'toString', 'hasOwnProperty', 'NumbersAdded', 'nope'])(
    'B1 /commands/%s -> 404, no handler runs',
    async (name) => {
      const res = await expectProblem(
        () => post(`/commands/${name}`).send({ aggregateId: 'a', number1: 1, number2: 2 }),
        404,
      );
      expect(res.body.code).toBe('NOT_FOUND');
    },
  );

  it.each([
    '{"__proto__":{"isAdmin":true}}',
    '{"constructor":{"prototype":{"x":1}}}',
    '{"aggregateId":"a","number1":1,"number2":2,"__proto__":{"isAdmin":true}}',
  ])('B2 %s -> 400, and nothing is polluted', async (text) => {
    await expectProblem(() => post('/commands/AddNumbers').type('json').send(text), 400);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('B3 a body one byte over the limit -> 413; exactly at the limit -> accepted', async () => {
    const json = JSON.stringify({ aggregateId: 'limit', number1: 1, number2: 2 });
    const exact = json.slice(0, -1) + ' '.repeat(BODY_LIMIT - json.length) + '}';
    expect(Buffer.byteLength(exact)).toBe(BODY_LIMIT);
    await expectProblem(
      () =>
        post('/commands/AddNumbers')
          .type('json')
          .send(exact + ' '),
      413,
    );
    const res = await post('/commands/AddNumbers').type('json').send(exact);
    expect(res.status).toBe(200);
  });

  it('B3 a chunked body (no Content-Length) is refused with 413 once it passes the limit', async () => {
    await expectProblem(() => {
      const req = post('/commands/AddNumbers').type('json');
      void req.write('{"aggregateId":"chunked","number1":1,"number2":2,"pad":"');
      void req.write(' '.repeat(BODY_LIMIT));
      void req.write('"}');
      return req;
    }, 413);
  });

  it('B4 text/plain or no content type -> 415', async () => {
    await expectProblem(() => post('/commands/AddNumbers').type('text/plain').send('{"number1":1,"number2":2}'), 415);
    await expectProblem(() => post('/commands/AddNumbers').send(Buffer.from('{"number1":1,"number2":2}')), 415);
  });

  it.each([
    ['malformed JSON', '{"number1":1,'],
    ['a top-level string', '"hello"'],
    ['a top-level array', '[1,2]'],
    ['a top-level number', '42'],
    ['null', 'null'],
    ['an empty body', ''],
  ])('B4 %s -> 400', async (_name, text) => {
    await expectProblem(() => post('/commands/AddNumbers').type('json').send(text), 400);
  });

  it.each([
    ['an unknown field', { aggregateId: 'a', number1: 1, number2: 2, extra: true }, '/extra'],
    ['a wrong type', { aggregateId: 'a', number1: '1', number2: 2 }, '/number1'],
    ['an over-long string', { aggregateId: 'a'.repeat(200), number1: 1, number2: 2 }, '/aggregateId'],
    ['a digit that is too long', { aggregateId: 'k', digit: '12' }, '/digit', 'PressDigit'],
  ])('B5 %s -> 400 with a field pointer', async (_name, payload, pointer, command = 'AddNumbers') => {
    const res = await expectProblem(() => post(`/commands/${command}`).send(payload), 400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer }));
  });

  it('B5 1,000 levels of nesting -> 400, never 500', async () => {
    const deep = '{"a":'.repeat(1000) + '1' + '}'.repeat(1000);
    const text = `{"aggregateId":"n","number1":1,"number2":2,"deep":${deep}}`;
    const res = await expectProblem(
      () => post('/commands/AddNumbers').type('json').send(text),
      BODY_LIMIT < text.length ? 413 : 400,
    );
    expect([400, 413]).toContain(res.status);
    const small = await expectProblem(
      () =>
        post('/commands/AddNumbers')
          .type('json')
          .send(`{"deep":${'['.repeat(1000)}${']'.repeat(1000)}}`),
      400,
    );
    expect(small.body.errors).toContainEqual(expect.objectContaining({ pointer: '/deep' }));
  });

  it.each(['get', 'put', 'delete', 'patch'] as const)('B6 %s on a command route -> 405 with Allow', async (method) => {
    const res = await expectProblem(
      () => request(h.server)[method]('/commands/AddNumbers').auth(token, { type: 'bearer' }),
      405,
    );
    expect(res.headers.allow).toBe('POST');
  });

  it.each([
    ['POST', '/commands/%ZZ'],
    ['POST', '/commands/%'],
    ['POST', '/commands/%E0%A4%A'],
    ['POST', '/commands/%C0%AF'],
    ['GET', '/commands/%E0'],
    ['POST', '/api/commands/%ZZ'],
  ])(
    'B1 %s %s, a malformed percent-escape -> 400 before anything runs; nothing logged at ERROR',
    async (method, path) => {
      const logged = h.logs.length;
      const res = await expectProblem(
        () =>
          method === 'GET'
            ? request(h.server).get(path)
            : post(path).send({ aggregateId: 'a', number1: 1, number2: 2 }),
        400,
      );
      expect(res.body).toMatchObject({ code: 'INVALID_ARGUMENT', detail: expect.stringMatching(/URL/) });
      expect(h.logs.slice(logged).filter((entry) => entry.severity === 'ERROR')).toEqual([]);
    },
  );

  it('B7 an internal exception -> 500 without its message or stack; the log has both with the request id', async () => {
    const res = await expectProblem(
      () => post('/commands/Explode').set('X-Request-Id', 'req-secret-1').send({ aggregateId: 'x' }),
      500,
    );
    expect(res.text).not.toContain('SECRET-XYZ');
    expect(res.body.requestId).toBe('req-secret-1');
    const entry = h.logs.find((log) => log.requestId === 'req-secret-1');
    expect(entry).toMatchObject({ severity: 'ERROR', message: 'SECRET-XYZ' });
    expect(String(entry?.stack)).toContain('SECRET-XYZ');
  });

  it('B8 CORS: an unknown origin gets no Access-Control-Allow-Origin; the app origin does, with ETag exposed', async () => {
    const preflight = (origin: string) =>
      request(h.server)
        .options('/commands/AddNumbers')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type,if-match');
    const stranger = await preflight('https://evil.example.com');
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
    const app = await preflight(ALLOWED_ORIGIN);
    expect(app.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(app.headers['access-control-allow-headers']).toMatch(/if-match/i);
    const real = await post('/commands/AddNumbers')
      .set('Origin', ALLOWED_ORIGIN)
      .send({ aggregateId: 'cors', number1: 1, number2: 2 });
    expect(real.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(real.headers['access-control-expose-headers']).toMatch(/ETag/);
  });

  describe('the rest of the surface', () => {
    it('answers a command with its result and the new version as ETag; If-Match carries the expected version', async () => {
      const first = await post('/commands/AddNumbers').send({ aggregateId: 'etag', number1: 1, number2: 2 });
      expect(first.status).toBe(200);
      expect(first.headers.etag).toBe('"1"');
      expect(first.body).toMatchObject({
        aggregateType: 'Calculator',
        aggregateId: 'etag',
        version: 1,
        state: { sum: 3 },
      });
      expect(first.body.events).toEqual([expect.objectContaining({ name: 'NumbersAdded', version: 1, tenant: 't1' })]);
      const second = await post('/commands/AddNumbers')
        .set('If-Match', '"1"')
        .send({ aggregateId: 'etag', number1: 1, number2: 1 });
      expect([second.status, second.headers.etag]).toEqual([200, '"2"']);
      const stale = await expectProblem(
        () => post('/commands/AddNumbers').set('If-Match', '"1"').send({ aggregateId: 'etag', number1: 1, number2: 1 }),
        412,
      );
      expect(stale.body).toMatchObject({ code: 'VERSION_MISMATCH' });
    });

    it.each([
      ['a weak ETag', { 'If-Match': 'W/"1"' }, {}],
      ['a list', { 'If-Match': '"1", "2"' }, {}],
      ['a star', { 'If-Match': '*' }, {}],
      ['disagreeing with the body', { 'If-Match': '"1"' }, { expectedVersion: 2 }],
      ['a bad Idempotency-Key', { 'Idempotency-Key': 'has space' }, {}],
    ])('rejects %s -> 400', async (_name, headers, extra) => {
      await expectProblem(
        () =>
          post('/commands/AddNumbers')
            .set(headers)
            .send({ aggregateId: 'hdr', number1: 1, number2: 2, ...extra }),
        400,
      );
    });

    it('a business rule -> 409 naming the rule', async () => {
      await post('/commands/PressDigit').send({ aggregateId: 'rule', digit: '1' });
      await post('/commands/PressOperator').send({ aggregateId: 'rule', operator: '+' });
      const res = await expectProblem(() => post('/commands/PressEquals').send({ aggregateId: 'rule' }), 409);
      expect(res.body).toMatchObject({ code: 'PRECONDITION', rule: 'missing right side' });
    });

    it('a command that needs an aggregate that does not exist -> 404', async () => {
      const admin = await h.tokens.idToken({ roles: ['admin'] });
      const res = await request(h.server)
        .post('/commands/Reset')
        .auth(admin, { type: 'bearer' })
        .send({ aggregateId: 'ghost' });
      expect(res.status).toBe(404);
    });

    it('serves /healthz, an OpenAPI 3.1 document of every command, and 404 elsewhere', async () => {
      expect((await request(h.server).get('/healthz')).body).toEqual({ status: 'ok' });
      const openapi = (await request(h.server).get('/openapi.json')).body;
      expect(openapi.openapi).toBe('3.1.0');
      expect(Object.keys(openapi.paths)).toEqual(
        expect.arrayContaining(['/commands/AddNumbers', '/commands/PressDigit', '/commands/Reset']),
      );
      const add = openapi.paths['/commands/AddNumbers'].post;
      expect(add.requestBody.content['application/json'].schema).toMatchObject({ required: ['number1', 'number2'] });
      expect(Object.keys(add.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '412', '422', '503']));
      expect((await request(h.server).get('/nowhere')).status).toBe(404);
    });
  });
});
