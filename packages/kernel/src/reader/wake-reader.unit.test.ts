import { describe, expect, it, vi } from 'vitest';
import type { HandlerRun, StreamReader } from './stream-reader.js';
import { wakeReader } from './wake-reader.js';

const run = (status: HandlerRun['status']): HandlerRun => ({ tenant: 't', handler: 'H', status, from: 0, to: 0 });

/** A reader whose polls answer these, one per call (an error rejects). */
function readerAnswering(...answers: (HandlerRun[] | Error)[]) {
  const poll = vi.fn(() => {
    const answer = answers.shift() ?? [run('caught-up')];
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  });
  return { reader: { poll } as unknown as StreamReader, poll };
}

describe('waking a tenant’s reader (unit)', () => {
  const deadline = () => Date.now() + 50_000;

  it('polls again when the poll throws or a run stopped on a store error, until it settles', async () => {
    const { reader, poll } = readerAnswering(
      new Error('10 ABORTED: too much contention'),
      [run('caught-up'), run('error')],
      [run('caught-up'), run('caught-up')],
    );
    await expect(wakeReader(reader, 't', { deadline: deadline() })).resolves.toEqual([
      run('caught-up'),
      run('caught-up'),
    ]);
    expect(poll).toHaveBeenCalledTimes(3);
  });

  it('does not poll again when a store call timed out (a stalled database): the schedule goes on later', async () => {
    const { reader, poll } = readerAnswering([run('caught-up'), run('timed-out')], [run('caught-up')]);
    await expect(wakeReader(reader, 't', { deadline: deadline() })).resolves.toEqual([
      run('caught-up'),
      run('timed-out'),
    ]);
    expect(poll).toHaveBeenCalledTimes(1);
  });

  it('does not poll again for a handler’s own failure, which has its retry budget', async () => {
    const { reader, poll } = readerAnswering([run('failed')], [run('caught-up')]);
    await expect(wakeReader(reader, 't', { deadline: deadline() })).resolves.toEqual([run('failed')]);
    expect(poll).toHaveBeenCalledTimes(1);
  });

  it('gives up after its retries: the last runs when they came back, the error when every poll threw', async () => {
    const erring = readerAnswering([run('error')], [run('error')]);
    await expect(wakeReader(erring.reader, 't', { deadline: deadline(), retries: 1 })).resolves.toEqual([run('error')]);
    const throwing = readerAnswering(new Error('unavailable'), new Error('unavailable'));
    await expect(wakeReader(throwing.reader, 't', { deadline: deadline(), retries: 1 })).rejects.toThrow('unavailable');
    expect(throwing.poll).toHaveBeenCalledTimes(2);
  });
});
