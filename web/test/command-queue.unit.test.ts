import 'fake-indexeddb/auto';
import createClient from 'openapi-fetch';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { paths } from '../src/api/schema.js';
import { openCommandQueue } from '../src/offline/command-queue.js';
import { createSender } from '../src/offline/send-queue.js';
import type { BrowserTracing } from '../src/tracing/tracing.js';

const press = (digit: string) => ({
  uid: 'ada',
  aggregateId: 'calc-1',
  name: 'PressDigit' as const,
  body: { aggregateId: 'calc-1', digit },
  idempotencyKey: crypto.randomUUID(),
  queuedAt: new Date(0).toISOString(),
});
let databases = 0;
const freshQueue = () => openCommandQueue(`outbox-${++databases}`);

describe('the outbox: the version each queued command is made on (If-Match)', () => {
  it('given keys queued one after another, then each builds on the one before', async () => {
    const queue = await freshQueue();
    const first = await queue.enqueue(press('1'), 4);
    const second = await queue.enqueue(press('2'), 4);
    expect([first.expectedVersion, second.expectedVersion]).toEqual([4, 5]);
  });

  it('given a key answered and settled, when the next is pressed before the display caught up, then it builds on the answered version', async () => {
    // The race the screenshots test met under load: the answer removed the first key from the
    // queue before the display showed its version, so the second key went out on version 0
    // (412), and the queue stopped with five keys in it.
    const queue = await freshQueue();
    const first = await queue.enqueue(press('1'), 0);
    await queue.settle(first, 1);
    const second = await queue.enqueue(press('2'), 0);
    expect(second.expectedVersion).toBe(1);
    expect(await queue.of('ada', 'calc-1')).toEqual([second]);
  });

  it('given the aggregate moved on elsewhere, then the newer version the display knows wins', async () => {
    const queue = await freshQueue();
    await queue.settle(await queue.enqueue(press('1'), 0), 1);
    expect((await queue.enqueue(press('2'), 7)).expectedVersion).toBe(7);
  });

  it('given the user discarded her keys after a conflict, then the next key is made on what the display shows', async () => {
    // A local emulator started afresh under a browser that remembers version 5: the user's
    // decision resets what the outbox remembers, or every key would conflict again.
    const queue = await freshQueue();
    await queue.settle(await queue.enqueue(press('1'), 4), 5);
    await queue.enqueue(press('2'), 0);
    await queue.discard('ada', 'calc-1');
    expect((await queue.enqueue(press('3'), 0)).expectedVersion).toBe(0);
  });

  it('given a conflict retried on the current version, then the queued keys and the next one follow it', async () => {
    const queue = await freshQueue();
    await queue.settle(await queue.enqueue(press('1'), 4), 5);
    await queue.enqueue(press('2'), 5);
    await queue.rebase('ada', 'calc-1', 2);
    expect((await queue.of('ada', 'calc-1')).map((c) => c.expectedVersion)).toEqual([2]);
    expect((await queue.enqueue(press('3'), 2)).expectedVersion).toBe(3);
  });
});

describe('the outbox and tracing: a queued key keeps the trace of the press that queued it', () => {
  const PRESSED = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
  /** An API whose requests are recorded and answered 200, online, with Web Locks as in a browser. */
  function recordingApi() {
    const sent: Request[] = [];
    const api = createClient<paths>({
      baseUrl: 'http://api.test',
      fetch: async (request: Request) => {
        sent.push(request);
        return Response.json({ version: 1, state: {}, events: [{ name: 'DigitPressed' }] });
      },
    });
    return { api, sent };
  }
  const events = { sent() {}, refused() {}, conflict() {}, waiting() {} };
  beforeEach(() => {
    vi.stubGlobal('navigator', { onLine: true, locks: { request: (_name: string, work: () => unknown) => work() } });
  });
  afterEach(() => void vi.unstubAllGlobals());

  it('given a key queued with its press’s traceparent, when the outbox is opened again and drains, then the request carries it', async () => {
    const name = `outbox-${++databases}`;
    await (await openCommandQueue(name)).enqueue({ ...press('4'), traceparent: PRESSED }, 0);
    const reopened = await openCommandQueue(name); // a reload, offline, then back online
    expect((await reopened.all('ada'))[0]!.traceparent).toBe(PRESSED);
    const { api, sent } = recordingApi();
    await createSender(reopened, api, events).drain('ada');
    expect(sent.map((request) => request.headers.get('traceparent'))).toEqual([PRESSED]);
    expect(await reopened.all('ada')).toEqual([]);
  });

  it('given a traced page, then each try to send is a span under the press, and the request carries that span', async () => {
    const queue = await freshQueue();
    await queue.enqueue({ ...press('4'), traceparent: PRESSED }, 0);
    const SENDING = '00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01';
    const tries: (string | undefined)[] = [];
    const tracing: BrowserTracing = {
      press: () => ({ traceparent: PRESSED, end() {} }),
      send: (_command, pressed, send) => (tries.push(pressed), send(SENDING)),
    };
    const { api, sent } = recordingApi();
    await createSender(queue, api, events, Promise.resolve(tracing)).drain('ada');
    expect(tries).toEqual([PRESSED]);
    expect(sent.map((request) => request.headers.get('traceparent'))).toEqual([SENDING]);
  });

  it('given a key queued untraced, then no traceparent is sent', async () => {
    const queue = await freshQueue();
    await queue.enqueue(press('4'), 0);
    const { api, sent } = recordingApi();
    await createSender(queue, api, events).drain('ada');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers.has('traceparent')).toBe(false);
  });
});
