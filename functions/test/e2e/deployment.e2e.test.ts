import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { getAuth as adminAuth } from 'firebase-admin/auth';
import { describe, expect, it } from 'vitest';
import { createFirestoreEventStore } from '@firebase-event-store/firestore';
import { freePort } from '@firebase-event-store/testing/emulator';
import { admin, db, suite, user } from '../support/e2e-users.js';

/**
 * What deploying adds, on the Emulator Suite: the functions on production's Node.js major,
 * Firebase Hosting in front of the API, local PWA dev servers allowed in the emulator, and the
 * tokens of revoked or disabled users refused (CHECK_REVOKED=roles, the default in functions/.env).
 */
describe('Deployment shape on the Emulator Suite (e2e)', () => {
  const tenant = `deploy-${randomUUID().slice(0, 6)}`;

  it('the functions run on Node.js 24, the production runtime', async () => {
    const health = (await (await fetch(`${suite.api}/healthz`)).json()) as { node: string };
    console.log(`the Functions emulator runs the API on Node.js ${health.node}`);
    expect(health.node).toMatch(/^v24\./);
  });

  it('Hosting passes /api/** to the API: a command on the site’s own origin', async () => {
    const ada = await user(tenant);
    const viaSite = await ada.command(
      'AddNumbers',
      { aggregateId: 'site-1', number1: 2, number2: 3 },
      {},
      `${suite.site}/api`,
    );
    expect([viaSite.status, viaSite.headers.get('etag')]).toEqual([200, '"1"']);
    expect(await viaSite.json()).toMatchObject({ aggregateId: 'site-1', state: { sum: 5 } });
    const direct = await ada.command('AddNumbers', { aggregateId: 'site-1', number1: 1, number2: 1 });
    expect([direct.status, direct.headers.get('etag')]).toEqual([200, '"2"']);
    // The rest of the site is the PWA's build (web/dist), its service worker and manifest beside it.
    const page = await fetch(`${suite.site}/`);
    expect([page.status, await page.text()]).toEqual([200, expect.stringContaining('<title>Event store calculator')]);
    for (const file of ['/sw.js', '/manifest.webmanifest'])
      expect((await fetch(`${suite.site}${file}`)).status).toBe(200);
  });

  it('a page on any localhost port may call the emulated API (CORS), with no configuration', async () => {
    const origin = `http://localhost:${await freePort()}`;
    const preflight = await fetch(`${suite.api}/commands/AddNumbers`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });
    expect([preflight.status, preflight.headers.get('access-control-allow-origin')]).toEqual([204, origin]);
    const ada = await user(tenant);
    const response = await ada.command(
      'AddNumbers',
      { aggregateId: 'cors-1', number1: 1, number2: 2 },
      { Origin: origin },
    );
    expect([response.status, response.headers.get('access-control-allow-origin')]).toEqual([200, origin]);
    expect(response.headers.get('access-control-expose-headers')).toMatch(/ETag/);
    const stranger = await fetch(`${suite.api}/commands/AddNumbers`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });

  describe('revoked and disabled users, on the Auth emulator', () => {
    const clear = (manager: Awaited<ReturnType<typeof user>>, aggregateId: string) =>
      manager.command('PressClear', { aggregateId });
    const store = createFirestoreEventStore(db, { projectId: suite.project });
    const events = (id: string) => store.streamVersion({ tenant, type: 'KeystrokeCalculator', id });

    it('a manager in good standing clears a calculator', async () => {
      const manager = await user(tenant, ['user', 'manager']);
      expect((await manager.command('PressDigit', { aggregateId: 'good', digit: '1' })).status).toBe(200);
      expect((await clear(manager, 'good')).status).toBe(200);
    });

    it('after revokeRefreshTokens, the same ID token gets 401 on a command that needs a role; nothing is written', async () => {
      const manager = await user(tenant, ['user', 'manager']);
      expect((await manager.command('PressDigit', { aggregateId: 'revoked', digit: '1' })).status).toBe(200);
      await sleep(1100); // revocation has one-second resolution: a sign-in in the same second stays valid
      await adminAuth(admin).revokeRefreshTokens(manager.uid);
      const res = await clear(manager, 'revoked');
      expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([401, 'UNAUTHENTICATED']);
      expect(await events('revoked')).toBe(1);
      // A command that needs no role does not pay for the lookup (CHECK_REVOKED=roles).
      expect((await manager.command('PressDigit', { aggregateId: 'revoked', digit: '2' })).status).toBe(200);
    });

    it('a disabled user gets 401', async () => {
      const manager = await user(tenant, ['user', 'manager']);
      expect((await manager.command('PressDigit', { aggregateId: 'disabled', digit: '1' })).status).toBe(200);
      await adminAuth(admin).updateUser(manager.uid, { disabled: true });
      const res = await clear(manager, 'disabled');
      expect(res.status).toBe(401);
      expect(await events('disabled')).toBe(1);
    });
  });
});
