import { afterEach, describe, expect, it, vi } from 'vitest';
import { oneAtATime } from './one-at-a-time.js';

const stream = { tenant: 't1', type: 'Counter', id: 'c1' };
afterEach(() => vi.useRealTimers());

describe('oneAtATime', () => {
  it('runs work on one stream in turn, and on two streams side by side', async () => {
    const inTurn = oneAtATime();
    const order: string[] = [];
    const step = (name: string) => async () => {
      order.push(`${name} start`);
      await Promise.resolve();
      order.push(`${name} end`);
      return name;
    };
    const far = Date.now() + 60_000;
    const results = await Promise.all([
      inTurn(stream, far, step('a')),
      inTurn(stream, far, step('b')),
      inTurn({ ...stream, id: 'c2' }, far, step('other')),
    ]);
    expect(results).toEqual(['a', 'b', 'other']);
    expect(order.indexOf('b start')).toBeGreaterThan(order.indexOf('a end'));
    expect(order.indexOf('other start')).toBeLessThan(order.indexOf('a end'));
  });

  it('a failure does not stop the next in line', async () => {
    const inTurn = oneAtATime();
    const far = Date.now() + 60_000;
    const first = inTurn(stream, far, () => Promise.reject(new Error('boom')));
    const second = inTurn(stream, far, () => Promise.resolve('ok'));
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBe('ok');
  });

  it('a wait for a turn past the deadline is a 503, and the work never runs', async () => {
    vi.useFakeTimers();
    const inTurn = oneAtATime();
    void inTurn(stream, Date.now() + 60_000, () => new Promise(() => undefined)); // stalls for ever
    const work = vi.fn(() => Promise.resolve('late'));
    const waiting = inTurn(stream, Date.now() + 8_000, work);
    const outcome = expect(waiting).rejects.toMatchObject({ code: 'UNAVAILABLE', details: { retryAfterSeconds: 5 } });
    await vi.advanceTimersByTimeAsync(8_000);
    await outcome;
    expect(work).not.toHaveBeenCalled();
  });
});
