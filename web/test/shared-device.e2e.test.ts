/// <reference lib="dom" /> // page.evaluate bodies run in the page
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectScreen, launchBrowser, press, signIn, useCalculator } from './support/browser.js';
import { account, eventually, newTenant, PASSWORD, shows, signedInAt, storedEvents } from './support/pwa.js';

/** Every text and form value of the page: what the next person at the device can see or submit. */
const everything = (page: Page) =>
  page.evaluate(() =>
    [
      document.documentElement.outerHTML,
      ...Array.from(document.querySelectorAll('input, select, textarea')).map(
        (field) => (field as HTMLInputElement).value,
      ),
    ].join('\n'),
  );

describe('a shared device: one user after another in the same browser (Chromium)', () => {
  let browser: Browser;
  beforeAll(async () => void (browser = await launchBrowser()));
  afterAll(() => browser?.close());

  it('after sign-out nothing of the last user is on screen, in the page or in the form, and her outbox is neither shown nor sent for the next user; it goes when she is back', async () => {
    const { context, page, ...ada } = await signedInAt(browser, 'shared-1', ['user', 'admin']);
    await press(page, '1', 'plus', '2', 'equals');
    await shows(page, '#version', '4');
    await page.getByLabel('Id', { exact: true }).fill('shared-1');
    await page.getByRole('button', { name: 'Show the stream' }).click();
    await eventually(() => page.locator('#stream tbody tr').count()).toBe(4);
    await expectScreen(page, 'the console with a stream');

    // The API is unavailable: her next key waits in the outbox, to be tried again in 5 s.
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
    await press(page, '7');
    await eventually(() => sent.length).toBe(1);
    await eventually(() => page.locator('#queue').textContent()).toContain('1 key waiting');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor({ state: 'visible' });
    for (const what of ['Keypad', 'Events by name']) {
      expect(await page.getByRole(what === 'Keypad' ? 'group' : 'list', { name: what }).isVisible(), what).toBe(false);
    }
    expect(await page.getByRole('heading', { name: 'Operator console' }).isVisible()).toBe(false);
    const left = await everything(page);
    for (const trace of [ada.email, ada.tenant, 'shared-1', 'OperatorPressed', 'waiting'])
      expect(left, `the page still holds ${trace}`).not.toContain(trace);
    // "Sign in" without typing cannot sign her back in: the form holds nothing of hers.
    expect(await page.getByLabel('Email').inputValue()).toBe('');
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    await expectScreen(page, 'the page after sign-out');

    const ben = await account(newTenant(), ['user']);
    await signIn(page, ben.email, PASSWORD);
    unavailable = false;
    await useCalculator(page, 'shared-1');
    await shows(page, '#version', '0');
    expect(await page.locator('#queue').textContent()).toBe('');
    expect(await everything(page)).not.toContain(ada.tenant);
    // Past the sender's retry (5 s): nothing of hers leaves with his session.
    await page.waitForTimeout(8_000);
    expect(sent).toHaveLength(1);
    expect(await storedEvents(ben.tenant, 'shared-1')).toEqual([]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, ada.email, PASSWORD);
    await eventually(() => storedEvents(ada.tenant, 'shared-1')).toEqual([
      'DigitPressed',
      'OperatorPressed',
      'DigitPressed',
      'EqualsPressed',
      'DigitPressed',
    ]);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(await storedEvents(ben.tenant, 'shared-1')).toEqual([]);
    await context.close();
  });
});
