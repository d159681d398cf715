import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { LeaseLost, createStreamReader } from '@firebase-event-store/kernel';
import type { EventStore, ReaderStore } from '@firebase-event-store/kernel';
import { mailer } from '../fixtures/reader-fixtures.js';
import { readerCaseTools, type ReaderHarness } from './stream-reader-support.contract.js';

/**
 * Reactions' leases: a lost lease writes nothing, a crashed run's lease frees, a wake-up that
 * found it taken is not lost.
 */
export function readerLeaseCases(harness: ReaderHarness) {
  const { setup } = readerCaseTools(harness);
  it('a reaction whose lease expired and was taken stops without writing', async () => {
    const { store, tenant, increment } = setup();
    await increment('a', 1);
    await store.sequence(tenant);
    const key = { tenant, handler: 'Mailer' };
    expect(await store.acquire(key, 'first', 1_000, 100)).toMatchObject({ position: 0 });
    expect(await store.acquire(key, 'second', 1_050, 100)).toBeUndefined(); // still held
    expect(await store.acquire(key, 'second', 1_200, 100)).toMatchObject({ position: 0 }); // expired: taken
    await expect(
      store.advance(key, 'first', 0, { now: 1_210, leaseMs: 100 }, { position: 1, failure: null }),
    ).rejects.toBeInstanceOf(LeaseLost);
    expect(await store.readerState(key)).toMatchObject({ position: 0 });
  });

  it('a reaction’s lease left by a crashed run frees in seconds; a run in between finds it busy', async () => {
    let time = 1_000_000;
    const clock = () => new Date(time);
    const { store, tenant, increment } = setup();
    const { reaction, sent } = mailer();
    await increment('a', 1);
    // The process dies right after taking the lease: nothing else it sends arrives, renewals neither.
    const never = () => new Promise<never>(() => undefined);
    let taken = false;
    const dead: EventStore & ReaderStore = Object.assign(Object.create(store) as EventStore & ReaderStore, {
      acquire: (...args: Parameters<ReaderStore['acquire']>) =>
        taken ? never() : ((taken = true), store.acquire(...args)),
      readLog: never,
      advance: never,
      release: never,
    });
    const dying = createStreamReader({
      store: dead,
      handlers: [reaction],
      newId: randomUUID,
      clock,
      callTimeoutMs: 2_000, // far above a loaded machine's real calls; the dead ones never answer
    });
    expect(await dying.poll(tenant)).toEqual([expect.objectContaining({ status: 'timed-out' })]);
    const reader = createStreamReader({ store, handlers: [reaction], newId: randomUUID, clock });
    expect((await reader.poll(tenant))[0]).toMatchObject({ status: 'busy' });
    time += 10_001;
    expect((await reader.poll(tenant))[0]).toMatchObject({ status: 'caught-up', to: 1 });
    // At least once: the dead run's effect happened before it died, and is delivered again.
    expect(sent).toEqual([sent[0], sent[0]]);
  });

  it('keeps a reaction’s lease when the log moved before release: a wake-up that found it taken is not lost', async () => {
    const { store, tenant, increment } = setup();
    const key = { tenant, handler: 'Mailer' };
    await store.acquire(key, 'holder', Date.now(), 60_000);
    await increment('a', 1);
    await store.sequence(tenant); // a waker sequences, finds the lease taken, and leaves
    expect(await store.release(key, 'holder', 0)).toBe(false);
    expect(await store.acquire(key, 'waker', Date.now(), 60_000)).toBeUndefined();
    expect(await store.release(key, 'holder', 1)).toBe(true);
  });
}
