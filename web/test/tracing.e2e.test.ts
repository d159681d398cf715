/// <reference lib="dom" /> // page.evaluate bodies run in the page
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectEmulatorAuth, type EmulatorAuth } from '@firebase-event-store/testing/emulator';
import { startEmulatorSuite, type EmulatorSuite } from '../../scripts/lib/repository-suite.js';
import { launchBrowser, openPage, press, signIn, useCalculator } from './support/browser.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver.js';

/**
 * One trace from a key's click to its projection, on the Emulator Suite with Chromium: a PWA
 * built with VITE_OTEL_COLLECTOR_URL and the functions with OTEL_EXPORTER_OTLP_ENDPOINT both
 * export to a tiny OTLP/HTTP receiver of the test's own. A suite of its own (the tier's shared
 * one runs untraced), started once for the cases of this file.
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const SITE = '.cache/traced-site';
const LOG_FILE = `${ROOT}functions/.e2e-logs/tracing-suite.log`;
const PASSWORD = 'tracing-password';

let receiver: OtlpReceiver;
let suite: EmulatorSuite;
let browser: Browser;
let auth: EmulatorAuth;

/** The PWA as a traced deployment builds it: with its collector's URL, into Hosting's folder of this run. */
function buildTracedSite(collector: string) {
  execFileSync(`${ROOT}node_modules/.bin/vite`, ['build', '--outDir', `${ROOT}${SITE}`, '--emptyOutDir'], {
    cwd: `${ROOT}web`,
    env: { ...process.env, NODE_ENV: 'production', VITE_OTEL_COLLECTOR_URL: collector },
    stdio: 'ignore',
  });
}

async function account(roles = ['user']) {
  const tenant = `trace-${randomUUID().slice(0, 8)}`;
  const email = `${randomUUID().slice(0, 8)}@${tenant}.test`;
  const { uid } = await auth.admin.createUser({ email, password: PASSWORD, emailVerified: true });
  await auth.admin.setCustomUserClaims(uid, { tenant, roles });
  return { tenant, email, uid };
}

/** Waits until the spans received satisfy `found` (each export comes about a second after its spans end). */
async function spansUntil<T>(found: (spans: readonly ReceivedSpan[]) => T | undefined, what: string): Promise<T> {
  for (const deadline = Date.now() + 60_000; ; await new Promise((resolve) => setTimeout(resolve, 250))) {
    const result = found(receiver.spans);
    if (result !== undefined) return result;
    if (Date.now() > deadline) {
      const seen = receiver.spans.map((s) => `${s.service} ${s.name} ${s.traceId.slice(0, 8)}/${s.spanId.slice(0, 6)}`);
      throw new Error(
        `never received ${what}; received: ${JSON.stringify(seen)}; refused: ${receiver.refused.join(', ')}`,
      );
    }
  }
}

const parentOf = (span: ReceivedSpan, spans: readonly ReceivedSpan[]) =>
  spans.find((other) => other.spanId === span.parentSpanId && other.traceId === span.traceId);
/** The span and its ancestors' names, innermost first. */
const lineage = (span: ReceivedSpan, spans: readonly ReceivedSpan[]): string[] => {
  const parent = parentOf(span, spans);
  return [span.name, ...(parent ? lineage(parent, spans) : [])];
};

describe('tracing on the Emulator Suite: one trace from the click to the projection', () => {
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    buildTracedSite(`${receiver.url}/v1/traces`);
    mkdirSync(`${ROOT}functions/.e2e-logs`, { recursive: true });
    suite = await startEmulatorSuite({ hostingPublic: SITE, collector: receiver.url, logFile: LOG_FILE });
    auth = connectEmulatorAuth(suite.auth, suite.project);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await suite?.stop();
    await receiver?.close();
  });

  /** Every Authorization header the page sent the API. */
  const bearers: string[] = [];

  it('a key click: the browser’s span, the API’s request span and the commit in one trace, and the reader’s run and projection write linked to it', async () => {
    const user = await account();
    const { context, page } = await openPage(browser, suite.site);
    page.on('request', (request) => {
      const authorization = request.headers().authorization;
      if (request.url().includes('/api/') && authorization) bearers.push(authorization);
    });
    await signIn(page, user.email, PASSWORD);
    await useCalculator(page, 'traced-1');
    await press(page, '7');
    await page.waitForFunction(() => document.querySelector('#version')?.textContent === '1');

    const click = await spansUntil(
      (spans) => spans.find((s) => s.service === 'event-store-pwa' && s.name === 'press PressDigit'),
      'the browser’s press span',
    );
    const request = await spansUntil(
      (spans) =>
        spans.find(
          (s) => s.traceId === click.traceId && s.kind === 2 && s.attributes['event_store.command'] === 'PressDigit',
        ),
      'the API’s request span in the click’s trace',
    );
    const trace = () => receiver.spans.filter((s) => s.traceId === click.traceId);
    expect(request.name).toBe('POST /api/commands/:name');
    expect(lineage(request, trace())).toEqual(['POST /api/commands/:name', 'send PressDigit', 'press PressDigit']);
    expect(trace().find((s) => s.name === 'authenticate')?.parentSpanId).toBe(request.spanId);
    const commit = await spansUntil(
      (spans) => spans.find((s) => s.traceId === click.traceId && /commit/i.test(s.name)),
      'the commit’s span in the click’s trace',
    );
    expect(lineage(commit, trace())).toContain('POST /api/commands/:name');

    // The reader runs in the trigger's own trace: its projection step (one transaction of the
    // read models) links to the commit, and so does the trigger's span.
    const step = await spansUntil(
      (spans) =>
        spans.find(
          (s) =>
            s.name === 'reader.projections.step' &&
            s.links.some((link) => link.traceId === click.traceId && link.spanId === commit.spanId),
        ),
      'the projection step of a reader run, linked to the commit',
    );
    const readerTrace = () => receiver.spans.filter((s) => s.traceId === step.traceId);
    expect(lineage(step, readerTrace())).toEqual(['reader.projections.step', 'reader.poll', 'onEventCreated']);
    const trigger = readerTrace().find((s) => s.name === 'onEventCreated')!;
    expect(trigger.links).toContainEqual({ traceId: click.traceId, spanId: commit.spanId });
    // Kept for the picture in docs/ (npm --workspace web run trace-picture).
    writeFileSync(
      `${ROOT}functions/.e2e-logs/trace-of-a-click.json`,
      JSON.stringify([
        { heading: `The click's trace ${click.traceId}`, spans: trace() },
        { heading: `The reader's trace ${step.traceId}, linked to the commit`, spans: readerTrace() },
      ]),
    );
    await context.close();
  });

  it('a key pressed offline and sent after reconnecting: its request is in the click’s trace', async () => {
    const user = await account();
    const { context, page } = await openPage(browser, suite.site);
    await signIn(page, user.email, PASSWORD);
    await useCalculator(page, 'traced-offline');
    await context.setOffline(true);
    await page.waitForFunction(() => document.querySelector('#connection')?.textContent === 'Offline');
    await press(page, '8');
    await page.waitForFunction(() => document.querySelector('#queue')?.textContent?.includes('1 key waiting'));
    // The outbox holds the click's trace context with the command.
    const queued = await page.evaluate(
      () =>
        new Promise<string | undefined>((resolve, reject) => {
          const open = indexedDB.open('event-store-outbox');
          open.onerror = () => reject(open.error ?? new Error('the outbox did not open'));
          open.onsuccess = () => {
            const all = open.result.transaction('commands').objectStore('commands').getAll();
            all.onsuccess = () => resolve((all.result as { traceparent?: string }[])[0]?.traceparent);
          };
        }),
    );
    expect(queued).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const [, traceId, clickSpanId] = queued!.split('-');
    await context.setOffline(false);
    await page.waitForFunction(() => document.querySelector('#version')?.textContent === '1');
    const request = await spansUntil(
      (spans) => spans.find((s) => s.traceId === traceId && s.kind === 2 && s.name === 'POST /api/commands/:name'),
      'the request span of the key sent after reconnecting, in the click’s trace',
    );
    // The send span ends after the request's answer: it is exported a moment later.
    const send = await spansUntil((spans) => parentOf(request, spans), 'the send span of the request');
    expect(send.name).toBe('send PressDigit');
    expect(send.parentSpanId).toBe(clickSpanId);
    await context.close();
  });

  it('no span holds a bearer token, an App Check token or a personal field’s value', async () => {
    const user = await account(['user']);
    const { idToken } = await auth.signIn(user.email, PASSWORD);
    const displayName = `Ada Lovelace ${randomUUID().slice(0, 6)}`;
    const appCheck = `appcheck.${randomUUID()}.token`;
    const traceId = randomUUID().replaceAll('-', '');
    const response = await fetch(`${suite.api}/commands/ClaimCalculator`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${idToken}`,
        'X-Firebase-AppCheck': appCheck,
        'Content-Type': 'application/json',
        traceparent: `00-${traceId}-${'1'.repeat(16)}-01`,
      },
      body: JSON.stringify({ aggregateId: 'claimed-1', displayName }),
    });
    expect(response.status).toBe(200);
    await spansUntil(
      (spans) => spans.find((s) => s.traceId === traceId && s.attributes['event_store.command'] === 'ClaimCalculator'),
      'the claim’s request span',
    );
    // The reader's projection of the claim, so its spans are among those scanned.
    await spansUntil(
      (spans) => spans.find((s) => s.links.some((link) => link.traceId === traceId)),
      'a reader span linked to the claim',
    );
    expect(bearers.length).toBeGreaterThan(0);
    const secrets = [
      idToken,
      idToken.split('.')[1]!,
      ...bearers,
      ...bearers.map((bearer) => bearer.split('.')[1]!),
      appCheck,
      displayName,
      user.email,
    ];
    const exported = receiver.bodies.join('\n');
    expect(receiver.spans.length).toBeGreaterThan(10);
    for (const secret of secrets) expect(exported.includes(secret), secret.slice(0, 24)).toBe(false);
  });
});
