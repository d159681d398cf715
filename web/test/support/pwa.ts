/// <reference lib="dom" /> // waitForFunction bodies run in the page
import { randomUUID } from 'node:crypto';
import { getAuth } from 'firebase-admin/auth';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { createFirestoreEventStore } from '@firebase-event-store/firestore';
import { admin, db, suite } from '../../../functions/test/support/e2e-users.js';
import { openPage, signIn, useCalculator } from './browser.js';

/** What the PWA's browser tests share: their users, the ledger as stored, and patient waits. */
export const PASSWORD = 'pwa-password';
export const SCREENSHOTS = new URL('../../screenshots/', import.meta.url).pathname;
const store = createFirestoreEventStore(db, { projectId: suite.project });

/** A user of `tenant` with these roles, who signs in through the PWA's form. */
export async function account(tenant: string, roles: string[]) {
  const email = `${randomUUID().slice(0, 8)}@${tenant}.test`;
  const { uid } = await getAuth(admin).createUser({
    email,
    password: PASSWORD,
    displayName: email.split('@')[0],
    emailVerified: true,
  });
  await getAuth(admin).setCustomUserClaims(uid, { tenant, roles });
  return { email, uid, tenant };
}

export const newTenant = () => `t-${randomUUID().slice(0, 8)}`;

/** The names of the calculator's stored events, in order: what the ledger holds, not what a page shows. */
export async function storedEvents(tenant: string, id: string) {
  const names: string[] = [];
  for await (const event of store.readStream({ tenant, type: 'KeystrokeCalculator', id })) names.push(event.name);
  return names;
}

/**
 * `expect.poll` with a bound for a loaded machine: vitest's default (1 s) failed a case in a
 * fresh-clone run while both cores were busy. What is awaited is a state, never a duration.
 */
export const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 100 });

/** Waits until the element shows `text`; a timeout says what the page showed instead. */
export async function shows(page: Page, selector: string, text: string) {
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

/** A user of a new tenant, signed in on a page of their own, at calculator `id`. */
export async function signedInAt(browser: Browser, id: string, roles = ['user']) {
  const user = await account(newTenant(), roles);
  const { context, page } = await openPage(browser, suite.site);
  await signIn(page, user.email, PASSWORD);
  await useCalculator(page, id);
  return { ...user, context, page };
}

/** Whether `text` shows on the page within the patient bound, for a soft expectation. */
export const showsSoon = (page: Page, text: string) =>
  page
    .getByText(text)
    .first()
    .waitFor({ timeout: 30_000 })
    .then(
      () => true,
      () => false,
    );

/** Counts the page's own loads from now on: a form that submits natively reloads it. */
export function countLoads(page: Page) {
  let loads = 0;
  page.on('load', () => loads++);
  return () => loads;
}
