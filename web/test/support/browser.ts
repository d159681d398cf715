/// <reference lib="dom" /> // page.evaluate and waitForFunction bodies run in the page
import { existsSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium (scripts/install-browser.sh installs it): Playwright cannot download its own here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Headless, without the sandbox (these machines run the tests as root), and nothing that calls out. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Nothing leaves the machine: no host name but loopback resolves (Firestore's SDK, after a
  // network error, loads www.google.com/images/cleardot.gif to tell offline from down). Not a
  // Playwright route: routing turns the HTTP cache off, and the service worker's behaviour with it.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/** A headless Chromium; Playwright gives it a fresh temporary profile and removes it on close. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: run bash scripts/install-browser.sh`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** What the page reported about its Content-Security-Policy: one line per refused load or script. */
declare global {
  interface Window {
    cspViolations?: string[];
  }
}

/**
 * A page of its own context (its own IndexedDB, cookies, service worker): a separate browser
 * profile. Every violation of the site's Content-Security-Policy is recorded in the page from
 * its first script on, for `expectScreen`.
 */
export async function openPage(
  browser: Browser,
  site: string,
  viewport = { width: 1100, height: 900 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: site, viewport });
  await context.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      window.cspViolations!.push(`${event.effectiveDirective} refused ${event.blockedURI}`),
    );
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  // The page's errors in the test's output: what a failed wait needs to be understood.
  page.on('console', (message) => {
    if (message.type() === 'error') console.error(`page console: ${message.text()}`);
  });
  await page.goto('/');
  return { context, page };
}

/** Signs in through the form, and waits until the page shows that user signed in. */
export async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await signedIn(page, email);
}

/** Waits until the page shows `email` signed in and the calculator. */
export async function signedIn(page: Page, email: string) {
  await page.locator('#who-name').filter({ hasText: email }).waitFor({ state: 'visible' });
  await page.getByRole('group', { name: 'Keypad' }).waitFor({ state: 'visible' });
}

/**
 * Points the calculator at `id` (the field commits on change, as when the user leaves it), and
 * waits until the page shows it live (`offline`: as last seen on this device), as a user would
 * before typing. Pressing at once sometimes left the page without the snapshot of the document
 * its first key created (2 of about 14 runs of a case, on the Firestore emulator; not traced
 * further): the cases test what follows, not that race.
 */
export async function useCalculator(page: Page, id: string, { offline = false } = {}) {
  await page.getByLabel('Calculator id').fill(id);
  await page.getByLabel('Calculator id').dispatchEvent('change');
  const freshness = offline ? 'as last seen on this device' : 'live';
  await page.waitForFunction((text) => document.querySelector('#freshness')?.textContent === text, freshness);
}

/** Presses keys by their accessible names: '1', 'plus', 'equals'... */
export async function press(page: Page, ...keys: string[]) {
  for (const key of keys) await page.getByRole('button', { name: key, exact: true }).click();
}

/**
 * The checks every screen state the tests visit goes through: no axe-core violation of serious
 * or critical impact, and no violation of the site's Content-Security-Policy since the page loaded.
 * Soft: a case goes on to its own assertions, and reports these with them.
 */
export async function expectScreen(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const grave = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect
    .soft(
      grave.map(
        (violation) =>
          `${what}: ${violation.id} (${violation.impact}) ${violation.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      ),
    )
    .toEqual([]);
  expect.soft(await page.evaluate(() => window.cspViolations), `${what}: CSP violations`).toEqual([]);
}
