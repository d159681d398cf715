/// <reference lib="dom" /> // page.evaluate and waitForFunction bodies run in the page
import { randomUUID } from 'node:crypto';
import { getAuth } from 'firebase-admin/auth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFirestoreEventStore } from '@firebase-event-store/firestore';
import { admin, db, suite } from '../../functions/test/support/e2e-users.js';
import { expectAccessible, launchBrowser, openPage, press, signIn, useCalculator } from './support/browser.js';

const PASSWORD = 'pwa-password';
const SCREENSHOTS = new URL('../screenshots/', import.meta.url).pathname;
const store = createFirestoreEventStore(db, { projectId: suite.project });

/** A user of `tenant` with these roles, who signs in through the PWA's form. */
async function account(tenant: string, roles: string[]) {
  const email = `${randomUUID().slice(0, 8)}@${tenant}.test`;
  const { uid } = await getAuth(admin).createUser({ email, password: PASSWORD, displayName: email.split('@')[0] });
  await getAuth(admin).setCustomUserClaims(uid, { tenant, roles });
  return { email, uid, tenant };
}

/** The names of the calculator's stored events, in order: what the ledger holds, not what a page shows. */
async function storedEvents(tenant: string, id: string) {
  const names: string[] = [];
  for await (const event of store.readStream({ tenant, type: 'KeystrokeCalculator', id })) names.push(event.name);
  return names;
}

/**
 * `expect.poll` with a bound for a loaded machine: vitest's default (1 s) failed a case in a
 * fresh-clone run while both cores were busy. What is awaited is a state, never a duration.
 */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 100 });

/** Waits until the element shows `text`; a timeout says what the page showed instead. */
async function shows(page: Page, selector: string, text: string) {
  try {
    await page.waitForFunction(([s, t]) => document.querySelector(s!)?.textContent === t, [selector, text]);
  } catch (error) {
    const seen = await page.evaluate(() =>
      ['#display', '#version', '#queue', '#problem-text', '#connection'].map(
        (s) => `${s}: ${document.querySelector(s)?.textContent}`,
      ),
    );
    throw new Error(`${selector} never showed ${JSON.stringify(text)}; the page showed ${seen.join(' | ')}`, {
      cause: error,
    });
  }
}

describe('the PWA in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => void (browser = await launchBrowser()));
  afterAll(() => browser?.close());

  /** A user of a new tenant, signed in on a page of their own, at calculator `id`. */
  async function signedInAt(id: string, roles = ['user']) {
    const user = await account(`t-${randomUUID().slice(0, 8)}`, roles);
    const { context, page } = await openPage(browser, suite.site);
    await signIn(page, user.email, PASSWORD);
    await useCalculator(page, id);
    return { ...user, context, page };
  }

  it('signs in, 1 + 2 = shows 3 from the live snapshot and the counter; a second page sees it live; another tenant sees nothing', async () => {
    const tenant = `t-${randomUUID().slice(0, 8)}`;
    const ada = await account(tenant, ['user']);
    const first = await openPage(browser, suite.site);
    await first.page.locator('#sign-in').waitFor({ state: 'visible' });
    await expectAccessible(first.page, 'the sign-in page');
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
    await shows(second.page, '#display', '3 + 2');
    await expectAccessible(first.page, 'the calculator');
    await first.page.screenshot({ path: `${SCREENSHOTS}calculator.png` });

    const other = await openPage(browser, suite.site);
    const carla = await account(`t-${randomUUID().slice(0, 8)}`, ['user', 'manager']);
    await signIn(other.page, carla.email, PASSWORD);
    await useCalculator(other.page, 'live-1');
    await shows(other.page, '#event-count', '0');
    expect(await other.page.locator('#result').textContent()).toBe('0');
    expect(await other.page.locator('#version').textContent()).toBe('0');
    expect(await storedEvents(carla.tenant, 'live-1')).toEqual([]);
    for (const { context } of [first, second, other]) await context.close();
  });

  it('a 403 and a 409 are explained, and nothing is recorded', async () => {
    const { tenant, context, page } = await signedInAt('rules-1');
    await press(page, '7');
    await shows(page, '#version', '1');
    await press(page, 'clear');
    await eventually(() => page.locator('#problem-text').textContent()).toContain('Not allowed for your account');
    expect(await page.locator('#problem-text').textContent()).toContain('manager');
    await press(page, 'equals');
    await eventually(() => page.locator('#problem-text').textContent()).toContain('Refused by the calculator');
    expect(await page.locator('#problem-text').textContent()).toContain('missing');
    await shows(page, '#queue', '');
    expect(await storedEvents(tenant, 'rules-1')).toEqual(['DigitPressed']);
    await context.close();
  });

  it('offline: keys are queued, survive a reload, and are stored exactly once each when back online', async () => {
    const { tenant, context, page } = await signedInAt('offline-1');
    await press(page, '4');
    await shows(page, '#version', '1');
    // The service worker has the app shell once it is active; it serves the next load.
    await page.evaluate(async () => void (await navigator.serviceWorker.ready));

    await context.setOffline(true);
    await shows(page, '#connection', 'Offline');
    await press(page, '2', 'times', '3', 'equals');
    await eventually(() => page.locator('#queue').textContent()).toContain('4 keys waiting');
    await page.reload();
    await page.locator('#app').waitFor({ state: 'visible' });
    await useCalculator(page, 'offline-1', { offline: true });
    await eventually(() => page.locator('#queue').textContent()).toContain('4 keys waiting');
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
    const { tenant, context, page } = await signedInAt('lost-1');
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
    const { tenant, context, page } = await signedInAt('token-1');
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

  it('a key queued before a sign-out is never sent with the next user’s token; it goes when its user is back', async () => {
    const { context, page, ...ann } = await signedInAt('handover-1');
    const ben = await account(`t-${randomUUID().slice(0, 8)}`, ['user']);
    const sent: string[] = [];
    let unavailable = true;
    await page.route('**/api/commands/**', async (route) => {
      sent.push(route.request().headers()['authorization']!);
      if (!unavailable) return route.continue();
      await route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({ status: 503, code: 'UNAVAILABLE', title: 'Unavailable', detail: 'try again' }),
      });
    });
    await press(page, '7'); // answered 503: queued, to be tried again in 5 s
    await eventually(() => sent.length).toBe(1);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, ben.email, PASSWORD);
    unavailable = false;
    // Past the sender's retry (5 s): nothing of ann's leaves with ben's session.
    await page.waitForTimeout(8_000);
    expect(sent).toHaveLength(1);
    expect(await storedEvents(ben.tenant, 'handover-1')).toEqual([]);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, ann.email, PASSWORD);
    await eventually(() => storedEvents(ann.tenant, 'handover-1')).toEqual(['DigitPressed']);
    expect(await storedEvents(ben.tenant, 'handover-1')).toEqual([]);
    await context.close();
  });

  it('two pages racing on one calculator: the later one gets the 412, is shown the current state, and its key is not applied', async () => {
    const tenant = `t-${randomUUID().slice(0, 8)}`;
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
    await shows(b.page, '#display', '016');
    await shows(b.page, '#version', '2');
    await expect(b.page.getByRole('button', { name: 'Discard my keys' }).isVisible()).resolves.toBe(true);
    await b.page.getByRole('button', { name: 'Discard my keys' }).click();
    await shows(b.page, '#queue', '');
    expect(await storedEvents(tenant, 'race-1')).toEqual(['DigitPressed', 'DigitPressed']);
    for (const { context } of [a, b]) await context.close();
  });

  it('an admin sees the stream and the state at a version, a dead letter, releases it and the lag reaches 0', async () => {
    const { tenant, email, context, page } = await signedInAt('ops-1', ['user', 'admin']);
    await press(page, '1', 'plus', '2', 'equals');
    await shows(page, '#result', '3');

    await page.getByLabel('Id', { exact: true }).fill('ops-1');
    await page.getByRole('button', { name: 'Show the stream' }).click();
    const rows = page.locator('#stream tbody tr');
    await eventually(() => rows.count()).toBe(4);
    expect(await rows.nth(1).innerText()).toContain('OperatorPressed');
    expect(await rows.nth(1).innerText()).toContain('PressOperator');
    expect(await rows.nth(1).innerText()).toContain(email.split('@')[0]);
    await page.getByLabel('State at version').fill('2');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await eventually(() => page.locator('#travel-state').textContent()).toContain('"operator": "+"');

    // A projection fails on every event while its read model is damaged: after 5 runs, a dead letter.
    await db.doc(`tenants/${tenant}/EventCounter/all`).set({ eventCount: 'damaged', byName: {}, position: 0 });
    const letters = page.locator('#dead-letters li');
    for (let presses = 0; presses < 10 && (await letters.count()) === 0; presses++) {
      const version = Number(await page.locator('#version').textContent());
      await press(page, '4');
      await shows(page, '#version', String(version + 1));
    }
    await eventually(() => letters.count()).toBe(1);
    expect(await letters.first().innerText()).toContain('EventCounter');
    const counter = page.locator('#readers tr[data-handler="EventCounter"]');
    await eventually(() => counter.innerText()).toContain('stopped on a dead letter');
    await expectAccessible(page, 'the operator console');
    await page.locator('#console').screenshot({ path: `${SCREENSHOTS}console.png` });

    await db.doc(`tenants/${tenant}/EventCounter/all`).delete(); // the operator repairs the cause
    await page.getByRole('button', { name: 'Release EventCounter' }).click();
    await eventually(() => counter.innerText()).toContain('caught up');
    expect((await counter.locator('td').nth(3).textContent())!.trim()).toBe('0');
    await eventually(() => letters.count()).toBe(0);
    await context.close();
  });
});
