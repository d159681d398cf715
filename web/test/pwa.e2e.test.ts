/// <reference lib="dom" /> // page.evaluate and waitForFunction bodies run in the page
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suite, user } from '../../functions/test/support/e2e-users.js';
import { keyCommands, SAMPLE_KEYSTROKES } from '../../packages/functions/src/cli/sample-keystrokes.js';
import { expectScreen, launchBrowser, openPage, press, signedIn, signIn, useCalculator } from './support/browser.js';
import { account, eventually, newTenant, PASSWORD, shows, signedInAt, storedEvents } from './support/pwa.js';

describe('the PWA in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => void (browser = await launchBrowser()));
  afterAll(() => browser?.close());

  it('signs in, 1 + 2 = shows 3 from the live snapshot and the counter; a second page sees it live; another tenant sees nothing', async () => {
    const tenant = newTenant();
    const ada = await account(tenant, ['user']);
    const first = await openPage(browser, suite.site);
    await first.page.locator('#sign-in').waitFor({ state: 'visible' });
    // Signed out, the page is the sign-in form and nothing else: no calculator, no keypad.
    expect(await first.page.getByRole('group', { name: 'Keypad' }).isVisible()).toBe(false);
    expect(await first.page.getByLabel('Calculator id').isVisible()).toBe(false);
    await expectScreen(first.page, 'the sign-in page');
    // Installable, by Chromium's own check (the manifest, its icons, the service worker); a
    // Playwright context is incognito, the one reason left, which is the browser's not ours.
    await first.page.evaluate(async () => void (await navigator.serviceWorker.ready));
    const devtools = await first.context.newCDPSession(first.page);
    const { installabilityErrors } = await devtools.send('Page.getInstallabilityErrors');
    const reasons = installabilityErrors.map((error) => `${error.errorId} ${JSON.stringify(error.errorArguments)}`);
    expect(reasons).toEqual(['in-incognito []']);
    await signIn(first.page, ada.email, PASSWORD);
    const second = await openPage(browser, suite.site);
    await signIn(second.page, ada.email, PASSWORD);
    for (const { page } of [first, second]) await useCalculator(page, 'live-1');

    await press(first.page, '1', 'plus', '2', 'equals');
    await shows(first.page, '#result', '3');
    await shows(first.page, '#version', '4');
    await shows(first.page, '#event-count', '4');
    await eventually(() => first.page.locator('#by-name').innerText()).toContain('DigitPressed: 2');
    // The other page made no command: it sees the result only through its onSnapshot reads.
    await shows(second.page, '#result', '3');
    // After `=` a calculator shows the result (the state keeps the seed's `3 + 2` for a repeated `=`).
    for (const { page } of [first, second]) await shows(page, '#display', '3');
    await expectScreen(first.page, 'the calculator of a user');

    const other = await openPage(browser, suite.site);
    const carla = await account(newTenant(), ['user', 'manager']);
    await signIn(other.page, carla.email, PASSWORD);
    await useCalculator(other.page, 'live-1');
    await shows(other.page, '#event-count', '0');
    expect(await other.page.locator('#result').textContent()).toBe('0');
    expect(await other.page.locator('#version').textContent()).toBe('0');
    expect(await storedEvents(carla.tenant, 'live-1')).toEqual([]);
    // Every list says when it is empty.
    expect(await other.page.getByRole('list', { name: 'Events by name' }).innerText()).toContain('No events yet');
    await expectScreen(other.page, 'the calculator of a new tenant');
    for (const { context } of [first, second, other]) await context.close();
  });

  it('a 403 and a 409 are explained, and nothing is recorded', async () => {
    const { tenant, context, page } = await signedInAt(browser, 'rules-1');
    await press(page, '7');
    await shows(page, '#version', '1');
    await press(page, 'clear');
    await eventually(() => page.locator('#problem-text').textContent()).toContain('Not allowed for your account');
    expect(await page.locator('#problem-text').textContent()).toContain('manager');
    await press(page, 'equals');
    await eventually(() => page.locator('#problem-text').textContent()).toContain('Refused by the calculator');
    expect(await page.locator('#problem-text').textContent()).toContain('missing');
    await shows(page, '#queue', '');
    await expectScreen(page, 'the calculator with a refusal explained');
    expect(await storedEvents(tenant, 'rules-1')).toEqual(['DigitPressed']);
    await context.close();
  });

  it('offline: keys are queued, survive a reload, and are stored exactly once each when back online', async () => {
    const { tenant, email, context, page } = await signedInAt(browser, 'offline-1');
    await press(page, '4');
    await shows(page, '#version', '1');
    // The service worker has the app shell once it is active; it serves the next load.
    await page.evaluate(async () => void (await navigator.serviceWorker.ready));

    await context.setOffline(true);
    await shows(page, '#connection', 'Offline');
    await press(page, '2', 'times', '3', 'equals');
    await eventually(() => page.locator('#queue').textContent()).toContain('4 keys waiting');
    await page.reload();
    await signedIn(page, email);
    await useCalculator(page, 'offline-1', { offline: true });
    await eventually(() => page.locator('#queue').textContent()).toContain('4 keys waiting');
    await expectScreen(page, 'the calculator offline, keys waiting');
    expect(await storedEvents(tenant, 'offline-1')).toEqual(['DigitPressed']);

    await context.setOffline(false);
    await shows(page, '#result', '126');
    await shows(page, '#queue', '');
    expect(await storedEvents(tenant, 'offline-1')).toEqual([
      'DigitPressed',
      'DigitPressed',
      'OperatorPressed',
      'DigitPressed',
      'EqualsPressed',
    ]);
    await context.close();
  });

  it('a response lost on the way back: the retry is answered from its Idempotency-Key, the key is stored once', async () => {
    const { tenant, context, page } = await signedInAt(browser, 'lost-1');
    const keys: string[] = [];
    let lost = false;
    await page.route('**/api/commands/**', async (route) => {
      keys.push(route.request().headers()['idempotency-key']!);
      if (lost) return route.continue();
      lost = true;
      await route.fetch(); // the API commits...
      await route.abort('connectionreset'); // ...and the answer never arrives
    });
    await press(page, '9');
    await shows(page, '#version', '1');
    await shows(page, '#queue', '');
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(keys).size).toBe(1);
    expect(await storedEvents(tenant, 'lost-1')).toEqual(['DigitPressed']);
    await context.close();
  });

  it('a token the API calls expired: one retry with a freshly minted token, and the key is stored once', async () => {
    const { tenant, context, page } = await signedInAt(browser, 'token-1');
    const tokens: string[] = [];
    const seen: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/securetoken.googleapis.com/')) seen.push('token refreshed');
      if (request.url().includes('/api/commands/')) seen.push('command');
    });
    await page.route('**/api/commands/**', async (route) => {
      tokens.push(route.request().headers()['authorization']!);
      if (tokens.length > 1) return route.continue();
      // What the API answers for an expired token, without waiting an hour for one.
      await route.fulfill({
        status: 401,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          status: 401,
          code: 'UNAUTHENTICATED',
          title: 'Authentication required',
          detail: 'expired',
        }),
      });
    });
    await press(page, '8');
    await shows(page, '#version', '1');
    // A second try only after a new token was minted (on the emulator, within the same second,
    // it may be the same string: the claims and the issue time are what it holds).
    expect(tokens).toHaveLength(2);
    expect(seen).toEqual(['command', 'token refreshed', 'command']);
    expect(await storedEvents(tenant, 'token-1')).toEqual(['DigitPressed']);
    await context.close();
  });

  it('two pages racing on one calculator: the later one gets the 412, is shown the current state, and its key is not applied', async () => {
    const tenant = newTenant();
    const fay = await account(tenant, ['user']);
    const a = await openPage(browser, suite.site);
    const b = await openPage(browser, suite.site);
    for (const { page } of [a, b]) {
      await signIn(page, fay.email, PASSWORD);
      await useCalculator(page, 'race-1');
    }
    await press(a.page, '1');
    await shows(b.page, '#version', '1');
    // B's next command waits at the network until A's has committed.
    let held: (() => Promise<void>) | undefined;
    await b.page.route('**/api/commands/**', (route) => void (held = () => route.continue()));
    await press(b.page, '5');
    await eventually(() => held !== undefined).toBe(true);
    await press(a.page, '6');
    await shows(a.page, '#version', '2');
    await held!();
    await eventually(() => b.page.locator('#problem-text').textContent()).toContain('Someone else changed');
    await shows(b.page, '#display', '16');
    await shows(b.page, '#version', '2');
    await expectScreen(b.page, 'the calculator after a conflict');
    // A key pressed now waits behind the conflict, whose choices stay on screen.
    await press(b.page, '7');
    await shows(b.page, '#queue', '2 keys waiting to be sent.');
    await expect(b.page.locator('#problem-text').textContent()).resolves.toContain('Someone else changed');
    await expect(b.page.getByRole('button', { name: 'Discard my keys' }).isVisible()).resolves.toBe(true);
    await b.page.getByRole('button', { name: 'Discard my keys' }).click();
    await shows(b.page, '#queue', '');
    expect(await storedEvents(tenant, 'race-1')).toEqual(['DigitPressed', 'DigitPressed']);
    for (const { context } of [a, b]) await context.close();
  });

  it('opens on the calculator the seed fills, with its history shown', async () => {
    const tenant = newTenant();
    const { id, keys } = SAMPLE_KEYSTROKES.globex;
    const typist = await user(tenant);
    for (const { name, body } of keyCommands(id, keys)) expect((await typist.command(name, body)).status).toBe(200);
    const reader = await account(tenant, ['user']);
    const { context, page } = await openPage(browser, suite.site);
    await signIn(page, reader.email, PASSWORD);
    // Nothing typed in the id field: the page opens on the seeded calculator, live.
    await shows(page, '#freshness', 'live');
    await shows(page, '#version', String(keys.length));
    await shows(page, '#display', '63'); // 4 * 4 + 21 - 16 * 3 =, evaluated left to right
    await context.close();
  });

  it('a failed sign-in says why in words, not in Firebase error codes', async () => {
    const someone = await account(newTenant(), ['user']);
    const { context, page } = await openPage(browser, suite.site);
    await page.getByLabel('Email').fill(someone.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const error = page.getByRole('alert').filter({ hasText: /\S/ });
    await eventually(() => error.textContent()).toContain('Wrong email or password');
    expect(await error.textContent()).not.toMatch(/Firebase|auth\//);
    await expectScreen(page, 'the sign-in page with an error');
    await context.close();
  });
});
