import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replay } from '@firebase-event-store/kernel';
import { createFirestoreEventStore } from '@firebase-event-store/firestore';
import { Counter } from '@firebase-event-store/testing';
import { connectEmulatorFirestore, TEST_PROJECT } from '@firebase-event-store/testing/emulator';
import { startFirestoreEmulator, type RunningEmulator } from '@firebase-event-store/testing/emulator';
import { startHttpHarness } from '../support/http-harness.js';

/**
 * A Firestore that stops answering in the middle of the work: an emulator of this test's own,
 * frozen with SIGSTOP. Every command must get a 503 with Retry-After within its deadline (8 s),
 * write nothing half, and succeed exactly once when retried with its Idempotency-Key after the
 * database is back. The bound asserted is loose on purpose; the deadline itself is the handler's.
 */
describe('a stalled Firestore (emulator)', () => {
  let emulator: RunningEmulator;
  let h: Awaited<ReturnType<typeof startHttpHarness>>;
  let token: string;
  const tenant = 't1';

  beforeAll(async () => {
    emulator = await startFirestoreEmulator();
    const db = connectEmulatorFirestore(emulator.host);
    h = await startHttpHarness(createFirestoreEventStore(db, { projectId: TEST_PROJECT }));
    token = await h.tokens.idToken({ tenant });
  });
  afterAll(async () => {
    emulator.resume();
    await h.close();
    await emulator.stop();
  });

  const send = (aggregateId: string, key?: string) => {
    const req = request(h.server).post('/commands/Increment').auth(token, { type: 'bearer' });
    return (key ? req.set('Idempotency-Key', key) : req).send({ aggregateId, by: 1 });
  };
  /** Sends while the emulator is frozen; the answer, and how long it took. */
  async function whileStopped(send: () => request.Test) {
    emulator.pause();
    const started = Date.now();
    try {
      const response = await send();
      return { response, waited: Date.now() - started };
    } finally {
      emulator.resume();
    }
  }
  const stored = async (id: string) => {
    const stream = { tenant, type: 'Counter', id };
    const events: number[] = [];
    for await (const event of h.store.readStream(stream)) events.push(event.version);
    return { events, snapshot: await h.store.loadSnapshot(stream), fold: await replay(h.store, Counter, stream) };
  };

  it('warm, without a key (the aggregate cached, so the commit stalls): 503 at the deadline; nothing half-written', async () => {
    const id = `warm-${randomUUID().slice(0, 6)}`;
    expect((await send(id)).status).toBe(200); // version 1, and the aggregate is now cached
    const { response, waited } = await whileStopped(() => send(id));
    console.log(`warm commit: answered ${response.status} after ${waited} ms with Firestore stopped`);
    expect([response.status, response.body.code, response.headers['retry-after']]).toEqual([503, 'UNAVAILABLE', '5']);
    expect(waited).toBeLessThan(30_000);
    // The abandoned commit lands whole or not at all: the events and the snapshot agree either way.
    expect((await send(id)).status).toBe(200);
    const after = await stored(id);
    expect(after.events).toEqual(after.events.map((_, index) => index + 1));
    expect([2, 3]).toContain(after.events.length);
    expect(after.snapshot).toMatchObject({ version: after.events.length, state: after.fold.state });
  });

  it.each([
    ['warm (the aggregate cached; the idempotency read stalls)', 'warm'],
    ['cold (nothing cached; the snapshot and idempotency reads stall)', 'cold'],
  ])('%s: 503 with Retry-After in bounded time; then the same key commits exactly once', async (_name, kind) => {
    const id = `${kind}-${randomUUID().slice(0, 6)}`;
    expect((await send(id)).status).toBe(200);
    const key = randomUUID();
    const target = kind === 'warm' ? id : `${id}-new`;
    const { response, waited } = await whileStopped(() => send(target, key));
    console.log(`${kind}: answered ${response.status} after ${waited} ms with Firestore stopped`);
    expect([response.status, response.body.code]).toEqual([503, 'UNAVAILABLE']);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(waited).toBeLessThan(30_000);

    const retried = await send(target, key);
    expect(retried.status, retried.text).toBe(200);
    const again = await send(target, key);
    expect([again.status, again.headers['idempotent-replayed']]).toEqual([200, 'true']);
    const after = await stored(target);
    const expected = kind === 'warm' ? [1, 2] : [1];
    expect(after.events).toEqual(expected);
    expect(after.snapshot).toMatchObject({ version: expected.length, state: after.fold.state });
  });
});
