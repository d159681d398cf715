/// <reference lib="dom" /> // waitForFunction bodies run in the page
/**
 * The PWA in Chromium, before and after issue 21, side by side in one run (`npm run bench --
 * browser`): what a first visit to the sign-in page transfers, what a non-admin's first visit
 * transfers through sign-in to a live calculator, and how long the calculator takes to be
 * interactive when a signed-in user reloads. "Before" is the PWA of BASELINE, built in this run
 * from git; "after" is web/dist (bench.sh builds it). One Emulator Suite serves both: Hosting's
 * folder gets a copy of one build or the other, in phases before, after, after, before, each in
 * fresh browser contexts.
 */
import { execFileSync, execSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { relative } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { connectEmulatorAuth } from '@firebase-event-store/testing/emulator';
import { startSuite } from './emulator-suite.js';
import { launchBrowser } from '../web/test/support/browser.js';
import { median, type Row } from './stats.js';

const ROOT = new URL('../', import.meta.url).pathname;
/** The last commit before issue 21: one 640 kB chunk for everyone. */
const BASELINE = process.env.PWA_BASELINE ?? 'e30b37b';
const WORK = `${ROOT}.cache/bench-browser`;
const SITE = `${WORK}/site`;
const PASSWORD = 'bench-password';
const RELOADS = 5;

/** The baseline's web/ out of git, built with this workspace's packages (the same versions). */
function buildBaseline(log: (line: string) => void): string {
  const dir = `${WORK}/${BASELINE}`;
  if (!existsSync(`${dir}/web/dist/index.html`)) {
    log(`browser: building the PWA of ${BASELINE}...`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execSync(`git archive ${BASELINE} web tsconfig.base.json | tar -x -C ${dir}`, { cwd: ROOT });
    // The web workspace's own dependencies (idb is not the root's version).
    if (existsSync(`${ROOT}web/node_modules`)) symlinkSync(`${ROOT}web/node_modules`, `${dir}/web/node_modules`);
    execFileSync('vite', ['build'], {
      cwd: `${dir}/web`,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: 'ignore',
    });
  }
  return `${dir}/web/dist`;
}

/** Hosting's folder holds a copy of `dist` (the emulator follows no symbolic link). */
const serve = (dist: string) => {
  rmSync(SITE, { recursive: true, force: true });
  cpSync(dist, SITE, { recursive: true });
};

/**
 * A fresh browser profile that counts the bytes the site's origin sends it, the page's requests
 * and its service worker's alike: bodies as transferred (the Hosting emulator sends Brotli, as
 * deployed Hosting does) and headers. No Playwright route: routing turns the HTTP cache off.
 */
async function countingContext(browser: Browser, site: string) {
  const context = await browser.newContext({ baseURL: site, viewport: { width: 1100, height: 900 } });
  const counted: Promise<number>[] = [];
  context.on('requestfinished', (request) => {
    if (!request.url().startsWith(site)) return;
    counted.push(
      (async () => {
        const response = await request.response();
        // A page's request the worker answered from its cache crossed no network.
        if (!response || (!request.serviceWorker() && response.fromServiceWorker())) return 0;
        const sizes = await request.sizes();
        return Math.max(0, sizes.responseBodySize) + sizes.responseHeadersSize;
      })(),
    );
  });
  const total = async () => (await Promise.all(counted)).reduce((sum, bytes) => sum + bytes, 0);
  return { context, total };
}

/** Waits until the calculator is live, and returns the page's clock then (ms since navigation). */
const interactive = (page: Page) =>
  page
    .waitForFunction(
      () => {
        const keypad = document.querySelector('#keypad');
        const live = document.querySelector('#freshness')?.textContent === 'live';
        return live && keypad !== null && keypad.getClientRects().length > 0 && performance.now();
      },
      undefined,
      { polling: 10, timeout: 60_000 },
    )
    .then((handle) => handle.jsonValue() as Promise<number>);

interface Phase {
  signInPage: number;
  formMs: number;
  throughSignIn: number;
  reloadsMs: number[];
}

async function phase(browser: Browser, site: string, email: string): Promise<Phase> {
  const { context, total } = await countingContext(browser, site);
  try {
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('button', { name: 'Sign in' }).waitFor({ state: 'visible' });
    const formMs = await page.evaluate(() => performance.now());
    await page.evaluate(async () => void (await navigator.serviceWorker.ready)); // precached
    await page.waitForLoadState('networkidle');
    const signInPage = await total();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await interactive(page);
    await page.waitForLoadState('networkidle');
    const throughSignIn = await total();
    const reloadsMs: number[] = [];
    for (let i = 0; i < RELOADS; i++) {
      await page.reload({ waitUntil: 'commit' });
      reloadsMs.push(await interactive(page));
    }
    return { signInPage, formMs, throughSignIn, reloadsMs };
  } finally {
    await closeQuietly(context);
  }
}

const closeQuietly = (context: BrowserContext) => context.close().catch(() => undefined);

export async function browserBench(log: (line: string) => void): Promise<Row[]> {
  const before = buildBaseline(log);
  const after = `${ROOT}web/dist`;
  serve(after);
  log('browser: starting the Emulator Suite...');
  const suite = await startSuite({ hostingPublic: relative(ROOT, SITE) });
  const browser = await launchBrowser();
  try {
    const auth = connectEmulatorAuth(suite.auth, suite.project).admin;
    const results: Record<'before' | 'after', Phase[]> = { before: [], after: [] };
    for (const which of ['before', 'after', 'after', 'before'] as const) {
      serve(which === 'before' ? before : after);
      const email = `${randomUUID().slice(0, 8)}@bench.test`;
      const { uid } = await auth.createUser({ email, password: PASSWORD, emailVerified: true });
      await auth.setCustomUserClaims(uid, { tenant: `bench-${randomUUID().slice(0, 6)}`, roles: ['user'] });
      log(`browser: ${which} (${which === 'before' ? BASELINE : 'web/dist'})...`);
      results[which].push(await phase(browser, suite.site, email));
    }
    const of = (which: 'before' | 'after', read: (p: Phase) => number[]) => median(results[which].flatMap(read));
    const rows = (scenario: string, measure: string, read: (p: Phase) => number[], unit: string, more = {}) => ({
      scenario,
      measure,
      ours: of('after', read),
      floor: of('before', read),
      unit,
      ...more,
    });
    const kB = (bytes: number) => bytes / 1000;
    const note = `floor: the PWA of ${BASELINE}, before issue 21, built and served in the same run`;
    return [
      rows(
        "sign-in page, first visit: what the site's origin transfers (page and service worker)",
        'kB',
        (p) => [kB(p.signInPage)],
        'kB',
        { target: { max: 0.5 }, note },
      ),
      rows("a non-admin's first visit, through sign-in to a live calculator", 'kB', (p) => [kB(p.throughSignIn)], 'kB'),
      rows('sign-in page, first visit: the form shows', 'ms', (p) => [p.formMs], 'ms'),
      rows(
        `calculator's time to interactive, a signed-in user reloads (median of ${2 * RELOADS})`,
        'ms',
        (p) => p.reloadsMs,
        'ms',
      ),
    ];
  } finally {
    await browser.close();
    await suite.stop();
    rmSync(SITE, { recursive: true, force: true });
  }
}
