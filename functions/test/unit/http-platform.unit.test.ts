import { randomUUID } from 'node:crypto';
import { initializeApp } from 'firebase-admin/app';
import { getAppCheck } from 'firebase-admin/app-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { firebaseAppCheckVerifier } from '@firebase-event-store/functions/http';
import { createRevocationCheck, type RevocationPolicy } from '@firebase-event-store/functions/http';
import { createInMemoryEventStore } from '@firebase-event-store/kernel';
import { startAppCheckKeyServer } from '../support/app-check-server.js';
import { startHttpHarness } from '../support/http-harness.js';
import { PROJECT } from '@firebase-event-store/testing';

/** What a deployment adds around the API: Hosting's /api prefix, local origins, App Check, revocation. */
type Harness = Awaited<ReturnType<typeof startHttpHarness>>;
const body = { aggregateId: 'calc-1', number1: 1, number2: 2 };

/** firebase-admin's own App Check verifier, its key set fetched from the local key server. */
const adminAppCheck = (keys: Awaited<ReturnType<typeof startAppCheckKeyServer>>) =>
  firebaseAppCheckVerifier((token) =>
    getAppCheck(initializeApp({ projectId: PROJECT, httpAgent: keys.agent }, `app-check-${randomUUID()}`)).verifyToken(
      token,
    ),
  );

describe('Hosting, origins, App Check and revocation (unit)', () => {
  describe('Firebase Hosting rewrites /api/** to the function with the whole path', () => {
    let h: Harness;
    beforeAll(async () => void (h = await startHttpHarness(createInMemoryEventStore())));
    afterAll(() => h.close());

    it('every route answers under /api as it does at the root', async () => {
      const token = await h.tokens.idToken();
      const viaHosting = await request(h.server)
        .post('/api/commands/AddNumbers')
        .auth(token, { type: 'bearer' })
        .send(body);
      expect([viaHosting.status, viaHosting.headers.etag]).toEqual([200, '"1"']);
      const direct = await request(h.server).post('/commands/AddNumbers').auth(token, { type: 'bearer' }).send(body);
      expect([direct.status, direct.headers.etag]).toEqual([200, '"2"']);
      expect((await request(h.server).get('/api/healthz')).body).toEqual({ status: 'ok' });
      expect((await request(h.server).get('/api/openapi.json')).body.paths['/commands/AddNumbers']).toBeDefined();
      const wrong = await request(h.server).get('/api/commands/AddNumbers');
      expect([wrong.status, wrong.headers.allow]).toEqual([405, 'POST']);
      expect((await request(h.server).get('/api/nothing-here')).status).toBe(404);
      expect(
        (await request(h.server).post('/api/api/commands/AddNumbers').auth(token, { type: 'bearer' }).send(body))
          .status,
      ).toBe(404);
    });
  });

  describe('origins', () => {
    const preflight = (h: Harness, origin: string) =>
      request(h.server)
        .options('/api/commands/AddNumbers')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type,x-firebase-appcheck');

    it('in the emulator, a PWA dev server on any loopback port may call; nothing else is added', async () => {
      const h = await startHttpHarness(createInMemoryEventStore(), { overrides: { allowLoopbackOrigins: true } });
      try {
        for (const origin of ['http://localhost:41234', 'http://127.0.0.1:5173', 'http://[::1]:8080']) {
          const res = await preflight(h, origin);
          expect(res.headers['access-control-allow-origin'], origin).toBe(origin);
          expect(res.headers['access-control-allow-headers']).toMatch(/X-Firebase-AppCheck/i);
        }
        for (const origin of [
          'https://localhost:5173',
          'http://localhost',
          'http://localhost.evil.example:80',
          'http://10.0.0.1:5173',
        ]) {
          expect((await preflight(h, origin)).headers['access-control-allow-origin'], origin).toBeUndefined();
        }
      } finally {
        await h.close();
      }
    });

    it('a deployment allows no loopback origin it was not given', async () => {
      const h = await startHttpHarness(createInMemoryEventStore());
      try {
        expect((await preflight(h, 'http://localhost:5173')).headers['access-control-allow-origin']).toBeUndefined();
        expect((await preflight(h, 'https://app.example.com')).headers['access-control-allow-origin']).toBe(
          'https://app.example.com',
        );
      } finally {
        await h.close();
      }
    });
  });

  describe('App Check, verified by firebase-admin against a local key set', () => {
    let keys: Awaited<ReturnType<typeof startAppCheckKeyServer>>;
    let h: Harness;
    let token: string;
    beforeAll(async () => {
      keys = await startAppCheckKeyServer(PROJECT);
      h = await startHttpHarness(createInMemoryEventStore(), { overrides: { verifyAppCheck: adminAppCheck(keys) } });
      token = await h.tokens.idToken();
    });
    afterAll(async () => {
      await h.close();
      await keys.close();
    });

    const send = (appCheck?: string | string[]) => {
      const req = request(h.server).post('/commands/AddNumbers').auth(token, { type: 'bearer' });
      if (appCheck !== undefined) req.set('X-Firebase-AppCheck', appCheck as string);
      return req.send(body);
    };
    async function expectRefused(appCheck: string | string[] | undefined, status = 401) {
      const before = await h.eventsIn('t1');
      const res = await send(appCheck);
      expect(res.status, res.text).toBe(status);
      expect(res.body).toMatchObject({ status, code: status === 401 ? 'UNAUTHENTICATED' : 'UNAVAILABLE' });
      expect(res.text).not.toMatch(/kid|signature|jwt/i);
      expect(await h.eventsIn('t1')).toBe(before);
      return res;
    }

    it('a request with a valid token of this project goes through', async () => {
      const res = await send(await keys.token());
      expect(res.status, res.text).toBe(200);
    });

    it('no token, an empty one, two of them, a forged one, another project’s or an expired one -> 401, nothing written', async () => {
      const valid = await keys.token();
      await expectRefused(undefined);
      await expectRefused('');
      await expectRefused([valid, valid]);
      await expectRefused('not.a.token');
      await expectRefused(await keys.forged());
      await expectRefused(await keys.token({ aud: ['projects/999', 'projects/demo-other'] }));
      await expectRefused(await keys.token({ iss: 'https://evil.example/123' }));
      await expectRefused(await keys.token({ exp: Math.floor(Date.now() / 1000) - 60 }));
      await expectRefused('x'.repeat(5000));
    });

    it('Google’s key set failing -> 503 with Retry-After, never 401 or 500', async () => {
      const failing = await startAppCheckKeyServer(PROJECT);
      failing.fail();
      const down = await startHttpHarness(createInMemoryEventStore(), {
        overrides: { verifyAppCheck: adminAppCheck(failing) },
      });
      try {
        const res = await request(down.server)
          .post('/commands/AddNumbers')
          .auth(await down.tokens.idToken(), { type: 'bearer' })
          .set('X-Firebase-AppCheck', await failing.token())
          .send(body);
        expect([res.status, res.body.code, res.headers['retry-after']]).toEqual([503, 'UNAVAILABLE', '30']);
        expect(await down.eventsIn('t1')).toBe(0);
      } finally {
        await down.close();
        await failing.close();
      }
    });
  });

  describe('revoked and disabled users', () => {
    const harness = async (policy: RevocationPolicy, revoked: boolean) => {
      const lookUp = vi.fn(() =>
        Promise.resolve({ disabled: false, validSinceMs: revoked ? Date.now() * 2 : undefined }),
      );
      const h = await startHttpHarness(createInMemoryEventStore(), {
        overrides: { revocation: { policy, check: createRevocationCheck({ lookUp }) } },
      });
      return { h, lookUp };
    };
    const admin = { roles: ['admin'] };
    const open = (h: Harness, token: string) =>
      request(h.server).post('/commands/Open').auth(token, { type: 'bearer' }).send({ aggregateId: 'c' });
    const reset = (h: Harness, token: string) =>
      request(h.server).post('/commands/Reset').auth(token, { type: 'bearer' }).send({ aggregateId: 'c' });

    it('policy roles: a command that needs a role checks the user, one that does not costs nothing', async () => {
      const { h, lookUp } = await harness('roles', true);
      try {
        const token = await h.tokens.idToken(admin);
        expect((await open(h, token)).status).toBe(200);
        expect(lookUp).not.toHaveBeenCalled();
        const res = await reset(h, token);
        expect([res.status, res.body.code, res.body.detail]).toEqual([
          401,
          'UNAUTHENTICATED',
          expect.stringMatching(/revoked/),
        ]);
        expect(await h.eventsIn('t1')).toBe(1);
      } finally {
        await h.close();
      }
    });

    it('policy always: every command checks; policy never: none does', async () => {
      const always = await harness('always', true);
      const never = await harness('never', true);
      try {
        const res = await open(always.h, await always.h.tokens.idToken(admin));
        expect([res.status, await always.h.eventsIn('t1')]).toEqual([401, 0]);
        const token = await never.h.tokens.idToken(admin);
        expect([(await open(never.h, token)).status, (await reset(never.h, token)).status]).toEqual([200, 409]);
        expect(never.lookUp).not.toHaveBeenCalled();
      } finally {
        await always.h.close();
        await never.h.close();
      }
    });

    it('a user in good standing passes the check', async () => {
      const { h, lookUp } = await harness('always', false);
      try {
        expect((await open(h, await h.tokens.idToken(admin))).status).toBe(200);
        expect(lookUp).toHaveBeenCalledTimes(1);
      } finally {
        await h.close();
      }
    });
  });
});
