/// <reference lib="dom" /> // page.evaluate bodies run in the page
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../functions/test/support/e2e-users.js';
import { fireIdleReset, idleTimerSetBy } from '../../functions/test/support/idle-reset-timer.js';
import { expectScreen, launchBrowser, press, signedIn } from './support/browser.js';
import { countLoads, eventually, shows, showsSoon, signedInAt, storedEvents } from './support/pwa.js';

describe('the operator console in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => void (browser = await launchBrowser()));
  afterAll(() => browser?.close());

  it('an admin sees the stream and the state at a version, a dead letter, releases it and the lag reaches 0', async () => {
    const { tenant, email, context, page } = await signedInAt(browser, 'ops-1', ['user', 'admin']);
    await page.getByRole('heading', { name: 'Operator console' }).waitFor();
    // Before anything is asked: every list of the console says what it holds, even nothing.
    await eventually(() => page.getByRole('list', { name: 'Dead letters' }).innerText()).toContain('No dead letters');
    await expectScreen(page, 'the console without a stream');
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
    const travel = page.getByRole('status', { name: 'State at that version' });
    await eventually(() => travel.textContent()).toContain('"operator": "+"');
    await expectScreen(page, 'the console with a stream and a state at a version');

    // A projection fails on every event while its read model is damaged: after 5 runs, a dead letter.
    await db.doc(`tenants/${tenant}/EventCounter/all`).set({ eventCount: 'damaged', byName: {}, position: 0 });
    const letters = page.locator('#dead-letters li.dead-letter');
    for (let presses = 0; presses < 10 && (await letters.count()) === 0; presses++) {
      const version = Number(await page.locator('#version').textContent());
      await press(page, '4');
      await shows(page, '#version', String(version + 1));
    }
    await eventually(() => letters.count()).toBe(1);
    expect(await letters.first().innerText()).toContain('EventCounter');
    const counter = page.locator('#readers tr[data-handler="EventCounter"]');
    await eventually(() => counter.innerText()).toContain('stopped on a dead letter');
    await expectScreen(page, 'the console with a dead letter');

    await db.doc(`tenants/${tenant}/EventCounter/all`).delete(); // the operator repairs the cause
    await page.getByRole('button', { name: 'Release EventCounter' }).click();
    await eventually(() => counter.innerText()).toContain('caught up');
    expect((await counter.locator('td').nth(3).textContent())!.trim()).toBe('0');
    await eventually(() => letters.count()).toBe(0);
    await context.close();
  });

  it('a calculator left idle is cleared by the IdleReset workflow: the page shows 0, the console shows who and why', async () => {
    const { tenant, context, page } = await signedInAt(browser, 'ops-idle', ['user', 'admin']);
    await press(page, '6', 'times', '7', 'equals');
    await shows(page, '#display', '42');
    const lastKey = 'KeystrokeCalculator~ops-idle~0000000004';
    await idleTimerSetBy(tenant, 'ops-idle', lastKey);
    // The schedule's run once the minutes have passed (the suite's are the default 10).
    // 'gone' when the reset's own event reached the workflow (a clear cancels the timer) before the
    // run saved the instance: the command went either way, as the display and the stream show.
    expect((await fireIdleReset(tenant, 'ops-idle')).map(({ status }) => status)).toEqual([
      expect.stringMatching(/^(fired|gone)$/),
    ]);
    await shows(page, '#display', '0');

    await page.getByLabel('Id', { exact: true }).fill('ops-idle');
    await page.getByRole('button', { name: 'Show the stream' }).click();
    const rows = page.locator('#stream tbody tr');
    await eventually(() => rows.count()).toBe(5);
    const reset = rows.nth(4).locator('td');
    expect(await reset.allInnerTexts()).toEqual([
      '5',
      'ClearPressed',
      '{}',
      'workflow:IdleReset',
      'PressClear',
      expect.any(String),
      lastKey,
      expect.any(String),
    ]);
    // Caused by the last key, and of the same user action: the key's correlation id.
    expect(await reset.nth(5).innerText()).toBe(await rows.nth(3).locator('td').nth(5).innerText());
    await expectScreen(page, 'the console with a reset by a workflow');
    await context.close();
  });

  it('time travel past the end of a stream says so, and an unknown stream says it has no events', async () => {
    const { context, page } = await signedInAt(browser, 'ops-2', ['user', 'admin']);
    await press(page, '1', 'plus', '2');
    await shows(page, '#version', '3');
    await page.getByLabel('Id', { exact: true }).fill('ops-2');
    await page.getByLabel('State at version').fill('999');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    const travel = page.getByRole('status', { name: 'State at that version' });
    await eventually(() => travel.textContent()).toContain('There is no version 999');
    expect(await travel.textContent()).toContain('ends at version 3');
    await expectScreen(page, 'the console after time travel past the end');

    await page.getByLabel('Id', { exact: true }).fill('never-written');
    await page.getByRole('button', { name: 'Show the stream' }).click();
    await eventually(() => page.getByRole('table', { name: 'Events of the stream' }).innerText()).toContain(
      'No events',
    );
    await expectScreen(page, 'the console with an empty stream');
    await context.close();
  });

  it('an admin who reloads offline gets the console when the network is back; no form reloads the page; queued keys go', async () => {
    const { tenant, email, context, page } = await signedInAt(browser, 'ops-offline', ['user', 'admin']);
    await press(page, '5');
    await shows(page, '#version', '1');
    await page.evaluate(async () => void (await navigator.serviceWorker.ready));
    await context.setOffline(true);
    await press(page, 'plus', '5');
    await eventually(() => page.locator('#queue').textContent()).toContain('2 keys waiting');
    await page.reload();
    await signedIn(page, email);
    const loads = countLoads(page);
    // Offline the console has nothing to show, and no form to submit.
    expect.soft(await showsSoon(page, 'opens when the network is back'), 'the console says it waits').toBe(true);
    expect.soft(await page.getByRole('button', { name: 'Show the stream' }).count(), 'a form offline').toBe(0);
    await expectScreen(page, 'the console of an admin offline');

    await context.setOffline(false);
    await eventually(() => page.locator('#stream-type option').count()).toBeGreaterThan(0);
    expect(await page.locator('#stream-type').inputValue()).toBe('KeystrokeCalculator');
    await eventually(() => page.locator('#readers tbody tr[data-handler]').count()).toBe(3);
    await page.getByLabel('Id', { exact: true }).fill('ops-offline');
    await page.getByRole('button', { name: 'Show the stream' }).click();
    await eventually(() => storedEvents(tenant, 'ops-offline')).toEqual([
      'DigitPressed',
      'OperatorPressed',
      'DigitPressed',
    ]);
    await page.getByRole('button', { name: 'Show the stream' }).click();
    await eventually(() => page.locator('#stream tbody tr').count()).toBe(3);
    expect(loads()).toBe(0);
    await expectScreen(page, 'the console back online');
    await context.close();
  });

  it('an admin whose reload finds the API unreachable while the browser says online: every start-up step is tried again', async () => {
    const { tenant, email, context, page } = await signedInAt(browser, 'ops-lie-fi', ['user', 'admin']);
    await press(page, '8');
    await shows(page, '#version', '1');
    // The network drops without the browser noticing (navigator.onLine stays true): a dead Wi-Fi.
    await context.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await press(page, 'times', '2');
    await eventually(() => page.locator('#queue').textContent()).toContain('2 keys waiting');
    await page.reload();
    await signedIn(page, email);
    expect(await page.evaluate(() => navigator.onLine)).toBe(true);
    expect.soft(await showsSoon(page, 'could not reach the API'), 'the console says why it waits').toBe(true);

    await context.unroute('**/api/**');
    await eventually(() => storedEvents(tenant, 'ops-lie-fi')).toEqual([
      'DigitPressed',
      'OperatorPressed',
      'DigitPressed',
    ]);
    await eventually(() => page.locator('#stream-type option').count()).toBeGreaterThan(0);
    await eventually(() => page.locator('#readers tbody tr[data-handler]').count()).toBe(3);
    await expectScreen(page, 'the console after the API came back');
    await context.close();
  });
});
