import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { replay, isAppError, createCommandHandler } from '@firebase-event-store/kernel';
import { cachedHandler } from '../cached-handler.js';
import { Counter } from '../fixtures/counter.js';
import { registry, all, settle, storeCaseTools, watched, type StoreHarness } from './event-store-support.contract.js';

/**
 * Concurrent commands: gapless versions from many processes, turns within one, one success with an
 * expected version, one creation.
 */
export function storeConcurrencyCases(harness: StoreHarness) {
  const { setup } = storeCaseTools(harness);
  it('keeps versions 1..N under 50 concurrent commands without an expected version, from 5 processes', async () => {
    const { actor, store, tenant } = setup();
    const { store: watching, counts } = watched(store);
    // Five handlers, as five instances of the function: commands of one handler take turns.
    const handlers = Array.from({ length: 5 }, () =>
      createCommandHandler({ store: watching, registry, newId: randomUUID }),
    );
    const results = await settle(
      Array.from({ length: 50 }, (_, i) =>
        handlers[i % 5]!.command(actor, 'Increment', { aggregateId: 'hot', by: i + 1 }),
      ),
    );
    const succeeded = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    for (const failed of results.filter((r) => r.status === 'rejected')) {
      expect(isAppError(failed.reason, 'CONCURRENCY')).toBe(true);
    }
    const stream = { tenant, type: 'Counter', id: 'hot' };
    const events = await all(store.readStream(stream));
    expect(events.map((e) => e.version)).toEqual(Array.from({ length: succeeded.length }, (_, i) => i + 1));
    expect(new Set(succeeded.map((r) => r.version)).size).toBe(succeeded.length);
    expect(counts.conflicts).toBeGreaterThan(0); // the race really happened
    const snapshot = await store.loadSnapshot(stream);
    expect(snapshot?.state).toEqual((await replay(store, Counter, stream)).state);
    expect(snapshot?.version).toBe(succeeded.length);
  });

  it('20 concurrent commands on one aggregate in one process take turns: all succeed, none conflicts', async () => {
    const { actor, store, tenant } = setup();
    const { store: watching, counts } = watched(store);
    const handler = cachedHandler(watching, registry);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => handler.command(actor, 'Increment', { aggregateId: 'turns', by: i + 1 })),
    );
    expect(results.map((result) => result.version)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(counts.conflicts).toBe(0);
    const events = await all(store.readStream({ tenant, type: 'Counter', id: 'turns' }));
    expect(events.map((event) => (event.data as { by: number }).by)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  it('with an expected version, 20 concurrent commands give 1 success and 19 version mismatches', async () => {
    const { handler, actor, store, tenant } = setup();
    const { version } = await handler.command(actor, 'Increment', { aggregateId: 'ev', by: 1 });
    const results = await settle(
      Array.from({ length: 20 }, () =>
        handler.command(actor, 'Increment', { aggregateId: 'ev', by: 1, expectedVersion: version }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const reasons = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(reasons.every((e) => isAppError(e, 'VERSION_MISMATCH'))).toBe(true);
    expect(await store.streamVersion({ tenant, type: 'Counter', id: 'ev' })).toBe(2);
  });

  it('lets one of 20 concurrent creations of the same aggregate win', async () => {
    const { handler, actor, store, tenant } = setup();
    const results = await settle(
      Array.from({ length: 20 }, () => handler.command(actor, 'Open', { aggregateId: 'new-one' })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const reasons = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(reasons.every((e) => isAppError(e, 'PRECONDITION'))).toBe(true);
    expect(await store.streamVersion({ tenant, type: 'Counter', id: 'new-one' })).toBe(1);
  });
}
