import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore, ReaderStore } from '@firebase-event-store/kernel';
import { replay } from '@firebase-event-store/kernel';
import { KeystrokeCalculator } from '../../src/aggregates/keystroke-calculator.js';
import { Counter, uniqueTenant } from '@firebase-event-store/testing';
import { startHttpHarness } from '../support/http-harness.js';
import { keystrokes } from './seed-parity.suite.js';

export interface HttpStoreHarness {
  readonly name: string;
  readonly store: () => EventStore & ReaderStore;
  /** A store whose next `failures` commits fail after staging their writes, before committing them. */
  readonly flakyStore: (failures: number) => EventStore & ReaderStore;
}

/** attack group C (docs/security.md) and the seed's keystroke cases, over HTTP, on any store. */
export function httpApiSuite(harness: HttpStoreHarness) {
  describe(`HTTP API: ${harness.name}`, () => {
    let h: Awaited<ReturnType<typeof startHttpHarness>>;
    beforeAll(async () => void (h = await startHttpHarness(harness.store())));
    afterAll(() => h.close());

    const as = async (claims: Record<string, unknown> = {}) => {
      const tenant = (claims.tenant as string | undefined) ?? uniqueTenant();
      const token = await h.tokens.idToken({ tenant, ...claims });
      const post = (name: string, body: object, headers: Record<string, string> = {}) =>
        request(h.server).post(`/commands/${name}`).auth(token, { type: 'bearer' }).set(headers).send(body);
      return { tenant, post };
    };

    it('C1 50 concurrent commands without If-Match: versions are exactly 1..N for N successes; failures are 409', async () => {
      const { tenant, post } = await as();
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) => post('Increment', { aggregateId: 'c1', by: i + 1 })),
      );
      const ok = responses.filter((res) => res.status === 200);
      for (const res of responses.filter((r) => r.status !== 200))
        expect([res.status, res.body.code]).toEqual([409, 'CONCURRENCY']);
      const stream = { tenant, type: 'Counter', id: 'c1' };
      const events = [];
      for await (const event of h.store.readStream(stream)) events.push(event.version);
      expect(events).toEqual(Array.from({ length: ok.length }, (_, i) => i + 1));
      expect(new Set(ok.map((res) => res.headers.etag)).size).toBe(ok.length);
      expect((await h.store.loadSnapshot(stream))?.state).toEqual((await replay(h.store, Counter, stream)).state);
    });

    it('C2 50 concurrent commands with the same If-Match: 1 success, 49 x 412, 1 new event', async () => {
      const { tenant, post } = await as();
      const first = await post('Increment', { aggregateId: 'c2', by: 1 });
      const responses = await Promise.all(
        Array.from({ length: 50 }, () =>
          post('Increment', { aggregateId: 'c2', by: 1 }, { 'If-Match': first.headers.etag! }),
        ),
      );
      expect(responses.filter((res) => res.status === 200)).toHaveLength(1);
      expect(responses.filter((res) => res.status === 412)).toHaveLength(49);
      expect(await h.eventsIn(tenant)).toBe(2);
    });

    it('C3 50 concurrent requests with the same Idempotency-Key and body: 1 event, every answer the original', async () => {
      const { tenant, post } = await as();
      const responses = await Promise.all(
        Array.from({ length: 50 }, () =>
          post('AddNumbers', { number1: 2, number2: 3 }, { 'Idempotency-Key': 'key-c3' }),
        ),
      );
      expect(responses.map((res) => res.status)).toEqual(Array(50).fill(200));
      const original = responses.find((res) => res.headers['idempotent-replayed'] === undefined)!;
      expect(responses.filter((res) => res.headers['idempotent-replayed'] === 'true')).toHaveLength(49);
      for (const res of responses) {
        expect(res.body).toEqual(original.body);
        expect(res.headers.etag).toBe(original.headers.etag);
      }
      expect(await h.eventsIn(tenant)).toBe(1);
    });

    it('C4 the same key with another body -> 422; from another user or tenant it is another key', async () => {
      const { tenant, post } = await as();
      await post('AddNumbers', { aggregateId: 'c4', number1: 1, number2: 1 }, { 'Idempotency-Key': 'k4' });
      const reused = await post(
        'AddNumbers',
        { aggregateId: 'c4', number1: 9, number2: 9 },
        { 'Idempotency-Key': 'k4' },
      );
      expect([reused.status, reused.body.code]).toEqual([422, 'IDEMPOTENCY_MISMATCH']);
      const colleague = await as({ tenant, sub: 'user-2' });
      const theirs = await colleague.post(
        'AddNumbers',
        { aggregateId: 'c4', number1: 1, number2: 1 },
        { 'Idempotency-Key': 'k4' },
      );
      expect([theirs.status, theirs.headers['idempotent-replayed'], theirs.body.version]).toEqual([200, undefined, 2]);
      const stranger = await as();
      const other = await stranger.post(
        'AddNumbers',
        { aggregateId: 'c4', number1: 1, number2: 1 },
        { 'Idempotency-Key': 'k4' },
      );
      expect([other.status, other.headers['idempotent-replayed'], other.body.version]).toEqual([200, undefined, 1]);
      expect(await h.eventsIn(tenant)).toBe(2);
    });

    it('C5 a retry of a committed request whose answer was lost, with its old If-Match, gets the original success', async () => {
      const { post } = await as();
      const body = { aggregateId: 'c5', number1: 1, number2: 2 };
      const first = await post('AddNumbers', body, { 'Idempotency-Key': 'k5', 'If-Match': '"0"' });
      await post('AddNumbers', body); // meanwhile the aggregate moves on
      const retry = await post('AddNumbers', body, { 'Idempotency-Key': 'k5', 'If-Match': '"0"' });
      expect([retry.status, retry.headers.etag, retry.headers['idempotent-replayed']]).toEqual([200, '"1"', 'true']);
      expect(retry.body).toEqual(first.body);
    });

    it('C6 20 concurrent creations of one aggregate: 1 success, one stream', async () => {
      const { tenant, post } = await as();
      const responses = await Promise.all(Array.from({ length: 20 }, () => post('Open', { aggregateId: 'c6' })));
      expect(responses.filter((res) => res.status === 200)).toHaveLength(1);
      expect(responses.filter((res) => res.status === 409 && res.body.code === 'PRECONDITION')).toHaveLength(19);
      expect(await h.store.streamVersion({ tenant, type: 'Counter', id: 'c6' })).toBe(1);
    });

    it('C7 a failure after the writes are staged, before the commit: nothing stored; the retry succeeds once', async () => {
      const flaky = await startHttpHarness(harness.flakyStore(1));
      try {
        const tenant = uniqueTenant();
        const token = await flaky.tokens.idToken({ tenant });
        const send = () =>
          request(flaky.server)
            .post('/commands/AddNumbers')
            .auth(token, { type: 'bearer' })
            .set('Idempotency-Key', 'k7')
            .send({ aggregateId: 'c7', number1: 1, number2: 2 });
        const failed = await send();
        expect([failed.status, failed.body.code]).toEqual([503, 'UNAVAILABLE']);
        expect(await flaky.eventsIn(tenant)).toBe(0);
        expect(await flaky.store.loadSnapshot({ tenant, type: 'Calculator', id: 'c7' })).toBeUndefined();
        const retried = await send();
        expect([retried.status, retried.headers['idempotent-replayed']]).toEqual([200, undefined]);
        expect((await send()).headers['idempotent-replayed']).toBe('true');
        expect(await flaky.eventsIn(tenant)).toBe(1);
      } finally {
        await flaky.close();
      }
    });

    it.each([
      ['1+2-3*5=', 0],
      ['4*4+21-16*3=', 63],
      ['4*4+21-16*3===', 567],
      ['1.5+2.0-11.22+.33=', -7.39],
      ['5.23/.33*2=', 31.6969696969697],
    ])('the seed keystroke calculator over HTTP: %s = %s', async (keys, expected) => {
      const { post } = await as();
      let etag = '"0"';
      let state: { result: number } | undefined;
      for (const [command, payload] of keystrokes(keys)) {
        const res = await post(command, { ...payload, aggregateId: 'keys' }, { 'If-Match': etag });
        expect(res.status, res.text).toBe(200);
        etag = res.headers.etag!;
        state = res.body.state as { result: number };
      }
      expect(KeystrokeCalculator.state.safeParse(state).success).toBe(true);
      expect(Number(state!.result.toFixed(2))).toBe(Number(expected.toFixed(2)));
      if (keys !== '1.5+2.0-11.22+.33=') expect(state!.result).toBe(expected);
    });
  });
}
