import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openCommandQueue } from '../src/offline/command-queue.js';

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
