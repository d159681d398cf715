import { describe, expect, it } from 'vitest';
import { actorOf, cachedHandler, Counter } from '@firebase-event-store/testing';
import { createAggregateRegistry } from '../aggregate-registry.js';
import { createInMemoryEventStore } from '../in-memory/in-memory-event-store.js';

const registry = createAggregateRegistry([Counter]);

/**
 * Two instances of the API on one store: `stale` caches what it last saw of an aggregate, then
 * `other` commits to it. A decision on the cached entry that commits nothing meets no commit
 * guard, so it must be made again on the stored state, or `other`'s commits are missed.
 */
function twoInstances() {
  const store = createInMemoryEventStore();
  const tenant = `t-${Math.random().toString(36).slice(2, 8)}`;
  const admin = actorOf(tenant, ['user', 'admin']);
  return { store, admin, stale: cachedHandler(store, registry), other: cachedHandler(store, registry) };
}

describe('a decision on a stale cached snapshot that commits nothing', () => {
  it('a refusal by a business rule: the stored state decides (no wrong 409)', async () => {
    const { stale, other, admin } = twoInstances();
    await stale.command(admin, 'Open', { aggregateId: 'c' }); // stale caches total 0 at version 1
    await other.command(admin, 'Increment', { aggregateId: 'c', by: 5 });
    const reset = await stale.command(admin, 'Reset', { aggregateId: 'c' });
    expect(reset).toMatchObject({ version: 3, state: { total: 0, count: 2, open: true } });
  });

  it('a refusal for a missing aggregate: the stored state decides (no wrong 404)', async () => {
    const { stale, other, admin } = twoInstances();
    await expect(stale.command(admin, 'Reset', { aggregateId: 'c' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await other.command(admin, 'Increment', { aggregateId: 'c', by: 5 }); // stale still holds version 0
    const reset = await stale.command(admin, 'Reset', { aggregateId: 'c' });
    expect(reset).toMatchObject({ version: 2, state: { total: 0 } });
  });

  it('no event: answers with the stored version and state, not the cached ones', async () => {
    const { stale, other, admin } = twoInstances();
    await stale.command(admin, 'Open', { aggregateId: 'c' });
    await other.command(admin, 'Increment', { aggregateId: 'c', by: 5 });
    const nothing = await stale.command(admin, 'Nothing', { aggregateId: 'c' });
    expect(nothing).toMatchObject({ version: 2, state: { total: 5 }, events: [] });
  });

  it('no event with the cached version as If-Match: 412, since the stored version moved on', async () => {
    const { stale, other, admin } = twoInstances();
    await stale.command(admin, 'Open', { aggregateId: 'c' });
    await other.command(admin, 'Increment', { aggregateId: 'c', by: 5 });
    await expect(stale.command(admin, 'Nothing', { aggregateId: 'c', expectedVersion: 1 })).rejects.toMatchObject({
      code: 'VERSION_MISMATCH',
      details: { expectedVersion: 1, actualVersion: 2 },
    });
  });

  it('a fresh cache is still used: a warm refusal reads the store once, a warm commit never', async () => {
    const { store, admin } = twoInstances();
    let snapshotReads = 0;
    const counted = {
      ...store,
      loadSnapshot: (key: Parameters<typeof store.loadSnapshot>[0]) => (snapshotReads++, store.loadSnapshot(key)),
    };
    const handler = cachedHandler(counted, registry);
    await handler.command(admin, 'Open', { aggregateId: 'c' });
    snapshotReads = 0;
    await handler.command(admin, 'Increment', { aggregateId: 'c', by: 1 });
    expect(snapshotReads).toBe(0);
    await handler.command(admin, 'Reset', { aggregateId: 'c' });
    await expect(handler.command(admin, 'Reset', { aggregateId: 'c' })).rejects.toMatchObject({
      code: 'PRECONDITION',
      details: { rule: 'already-zero' },
    });
    expect(snapshotReads).toBe(1);
  });
});
