import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { createAggregateRegistry, createCommandHandler } from '@firebase-event-store/kernel';
import { fold } from '@firebase-event-store/kernel/internal';
import { Counter } from '../fixtures/counter.js';
import { registry, commitOf, all, storeCaseTools, watched, type StoreHarness } from './event-store-support.contract.js';

/**
 * Snapshots and the cache: long histories read in pages, the snapshot equal to the fold, metadata
 * on every event, a snapshot replaced behind the store's back, a cache behind another process.
 */
export function storeSnapshotCases(harness: StoreHarness) {
  const { setup } = storeCaseTools(harness);
  it('loads a history of 10,000 events in pages, and a command on it reads only the snapshot', async () => {
    const { store, tenant, actor } = setup();
    const { store: watching, counts } = watched(store);
    const handler = createCommandHandler({ store: watching, registry, newId: randomUUID });
    const stream = { tenant, type: 'Counter', id: 'long' };
    for (let version = 0; version < 10_000; version += 400) {
      const bys = Array.from({ length: 400 }, (_, i) => ((version + i) % 7) - 3);
      const total = Array.from({ length: version + 400 }, (_, i) => (i % 7) - 3).reduce((a, b) => a + b, 0);
      await store.commit(commitOf(stream, version, bys, total));
    }
    const events = await all(store.readStream(stream, { pageSize: 1000 }));
    expect(events).toHaveLength(10_000);
    expect(events.every((e, i) => e.version === i + 1)).toBe(true);
    const rebuilt = await handler.load(actor, 'Counter', 'long');
    expect(rebuilt).toEqual({ version: 10_000, state: (await store.loadSnapshot(stream))?.state });
    expect((await handler.load(actor, 'Counter', 'long', 7)).state).toMatchObject({
      count: 7,
      total: -3 - 2 - 1 + 0 + 1 + 2 + 3,
    });
    const before = counts.streamReads; // the loads by version above read the events, as they must
    const result = await handler.command(actor, 'Increment', { aggregateId: 'long', by: 1 });
    expect(result.version).toBe(10_001);
    expect(counts.streamReads).toBe(before);
  });

  it('keeps the snapshot equal to the fold of the events', async () => {
    const { handler, actor, store, tenant } = setup();
    const stream = { tenant, type: 'Counter', id: 'fold' };
    await handler.command(actor, 'Open', { aggregateId: 'fold' });
    for (const by of [3, -1, 8]) await handler.command(actor, 'Increment', { aggregateId: 'fold', by });
    await handler.command(actor, 'IncrementMany', { aggregateId: 'fold', by: 2, times: 5 });
    await handler.command(actor, 'Reset', { aggregateId: 'fold' });
    const events = await all(store.readStream(stream));
    const expected = fold(Counter, Counter.init(), events);
    expect(expected).toEqual({ total: 0, count: 9, open: true });
    expect(await store.loadSnapshot(stream)).toMatchObject({ version: 10, state: expected });
  });

  it('carries actor, command, correlation and causation ids on every event', async () => {
    const { handler, actor, store, tenant } = setup();
    await handler.command(
      actor,
      'IncrementMany',
      { aggregateId: 'm', by: 1, times: 2 },
      { correlationId: 'c-9', causationId: 'e-8' },
    );
    const events = await all(store.readStream({ tenant, type: 'Counter', id: 'm' }));
    for (const event of events) {
      expect(event.meta).toEqual({
        actor: { id: actor.id, name: actor.name },
        command: 'IncrementMany',
        correlationId: 'c-9',
        causationId: 'e-8',
      });
    }
  });

  it.skipIf(!harness.replaceSnapshot)(
    'rebuilds from events a snapshot that is missing, behind its events, or of an older schema',
    async () => {
      const { handler, actor, store, tenant } = setup({ cache: undefined });
      const stream = { tenant, type: 'Counter', id: 'lost' };
      await handler.command(actor, 'IncrementMany', { aggregateId: 'lost', by: 2, times: 3 });
      const old = await store.loadSnapshot(stream);
      await harness.replaceSnapshot!(stream, undefined);
      const recovered = await handler.command(actor, 'Increment', { aggregateId: 'lost', by: 1 });
      expect(recovered).toMatchObject({ version: 4, state: { total: 7, count: 4 } });
      expect(await store.loadSnapshot(stream)).toMatchObject({ version: 4, state: { total: 7 } });

      await harness.replaceSnapshot!(stream, old); // restored from an old backup: version 3 of 4
      await expect(handler.command(actor, 'Increment', { aggregateId: 'lost', by: 1 })).resolves.toMatchObject({
        version: 5,
        state: { total: 8, count: 5 },
      });

      const upgraded = createAggregateRegistry([{ ...Counter, schemaVersion: 2 }]);
      const next = createCommandHandler({ store, registry: upgraded, newId: randomUUID });
      await expect(next.command(actor, 'Increment', { aggregateId: 'lost', by: 1 })).resolves.toMatchObject({
        version: 6,
      });
      expect(await store.loadSnapshot(stream)).toMatchObject({
        version: 6,
        schema: 2,
        state: { total: 9, count: 6 },
      });
    },
  );

  it('recovers when another process committed behind the cache', async () => {
    const { handler, actor, store } = setup();
    const other = createCommandHandler({ store, registry, newId: randomUUID });
    await handler.command(actor, 'Increment', { aggregateId: 'shared', by: 1 });
    await other.command(actor, 'Increment', { aggregateId: 'shared', by: 10 });
    await expect(handler.command(actor, 'Increment', { aggregateId: 'shared', by: 100 })).resolves.toMatchObject({
      version: 3,
      state: { total: 111 },
    });
    // With an expected version taken from the other process, the stale cache is not trusted either.
    await expect(
      other.command(actor, 'Increment', { aggregateId: 'shared', by: 1, expectedVersion: 3 }),
    ).resolves.toMatchObject({
      version: 4,
    });
  });
}
