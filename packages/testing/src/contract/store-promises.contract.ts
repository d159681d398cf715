import { describe, expect, it } from 'vitest';
import { createAggregateRegistry, isAppError } from '@firebase-event-store/kernel';
import { fold } from '@firebase-event-store/kernel/internal';
import type { Commit, CommittedEvent, StreamKey } from '@firebase-event-store/kernel';
import { actorOf } from '../actors.js';
import { cachedHandler } from '../cached-handler.js';
import { Counter } from '../fixtures/counter.js';
import { watched, type StoreHarness } from './event-store-support.contract.js';

const meta = { actor: { id: 'u1', name: 'U' }, command: 'Test', correlationId: 'corr-1', causationId: null };
const increments = (stream: StreamKey, expectedVersion: number, count: number): Commit => ({
  stream,
  expectedVersion,
  events: Array.from({ length: count }, () => ({ name: 'Incremented', data: { by: 1 } })),
  snapshot: { state: { total: expectedVersion + count, count: expectedVersion + count, open: false }, schema: 1 },
  meta,
});

async function versionsOf(events: AsyncIterable<CommittedEvent>) {
  const versions: number[] = [];
  for await (const event of events) versions.push(event.version);
  return versions;
}

/**
 * Two promises of the `EventStore` port past the common case, which a store can break while
 * every everyday command still works:
 * - **Invariant 1, gapless versions**: a commit whose expected version is not the stream's last
 *   (ahead of it as well as behind) writes nothing and fails with a concurrency error; and the
 *   command handler, given a snapshot that claims a version its events never reached (restored
 *   from a backup, imported), rebuilds from the events instead of writing past a hole.
 * - **The log's order**: `sequence` positions events in commit order across streams, also when
 *   more events are pending than one call positions.
 */
export function storePromisesContract(harness: StoreHarness) {
  describe('a commit ahead of its stream (invariant 1: versions are gapless)', () => {
    it('is refused, on a new stream and on one with events, whichever store instance commits; nothing is written', async () => {
      const tenant = harness.tenant();
      const stream = { tenant, type: 'Counter', id: 'ahead' };
      const store = harness.store();
      await expect(store.commit(increments(stream, 5, 1))).rejects.toSatisfy((e) => isAppError(e, 'CONCURRENCY'));
      expect(await store.streamVersion(stream)).toBe(0);
      expect(await store.loadSnapshot(stream)).toBeUndefined();

      await store.commit(increments(stream, 0, 2));
      for (const writer of [store, harness.store()]) {
        await expect(writer.commit(increments(stream, 5, 1))).rejects.toSatisfy((e) => isAppError(e, 'CONCURRENCY'));
        await expect(writer.commit(increments(stream, 3, 1))).rejects.toSatisfy((e) => isAppError(e, 'CONCURRENCY'));
      }
      expect(await store.loadSnapshot(stream)).toMatchObject({ version: 2 });
      // The version the port reports is the one a commit may build on.
      await harness.store().commit(increments(stream, await store.streamVersion(stream), 1));
      expect(await versionsOf(store.readStream(stream))).toEqual([1, 2, 3]);
    });

    it.skipIf(!harness.replaceSnapshot)(
      'through the command handler: a snapshot ahead of its events is rebuilt from them, and the command lands on the next version',
      async () => {
        const tenant = harness.tenant();
        const actor = actorOf(tenant);
        const registry = createAggregateRegistry([Counter]);
        const stream = { tenant, type: 'Counter', id: 'restored' };
        const store = harness.store();
        const writer = cachedHandler(store, registry);
        for (const by of [1, 2, 3]) await writer.command(actor, 'Increment', { aggregateId: 'restored', by });
        // As if restored from a backup taken later than the events it still has.
        await harness.replaceSnapshot!(stream, { version: 5, state: { total: 99, count: 5, open: false }, schema: 1 });

        const { store: watching, counts } = watched(harness.store());
        const handler = cachedHandler(watching, registry);
        const result = await handler.command(actor, 'Increment', { aggregateId: 'restored', by: 4 });

        expect(result).toMatchObject({ version: 4, state: { total: 10, count: 4 } });
        expect(await versionsOf(store.readStream(stream))).toEqual([1, 2, 3, 4]);
        expect(counts.streamReads).toBeGreaterThan(0); // rebuilt from the events, not built on the snapshot
        const events: CommittedEvent[] = [];
        for await (const event of store.readStream(stream)) events.push(event);
        expect(await store.loadSnapshot(stream)).toMatchObject({
          version: 4,
          state: fold(Counter, Counter.init(), events),
        });
      },
    );
  });

  describe('the log: commit order across streams (the reader’s order)', () => {
    it('positions a backlog in commit order across streams, one event per sequence call', async () => {
      const tenant = harness.tenant();
      const store = harness.store();
      // Ids that sort the other way round from the order of their commits.
      for (const id of ['Zeta', 'Mu', 'Alpha']) await store.commit(increments({ tenant, type: 'Counter', id }, 0, 1));
      for (let i = 0; i < 3; i++) expect(await store.sequence(tenant, { limit: 1 })).toHaveLength(1);
      const log = await store.readLog(tenant, { after: 0, limit: 10 });
      expect(log.map((event) => event.aggregateId)).toEqual(['Zeta', 'Mu', 'Alpha']);
    });

    it('positions a backlog larger than a sequencing batch in commit order, versions of a stream in order', async () => {
      const tenant = harness.tenant();
      const store = harness.store();
      const ids = ['e', 'd', 'c', 'b', 'a'];
      const committed: string[] = [];
      const versions = new Map<string, number>();
      for (let round = 0; round < 4; round++) {
        for (const id of ids) {
          const version = versions.get(id) ?? 0;
          const events = await store.commit(increments({ tenant, type: 'Counter', id }, version, 1 + (round % 2)));
          committed.push(...events.map((event) => `${id}@${event.version}`));
          versions.set(id, version + events.length);
        }
      }
      while ((await store.sequence(tenant, { limit: 3 })).length > 0);
      const log = await store.readLog(tenant, { after: 0, limit: 100 });
      expect(log.map((event) => `${event.aggregateId}@${event.version}`)).toEqual(committed);
      expect(log.map((event) => event.position)).toEqual(committed.map((_, i) => i + 1));
    });
  });
}
