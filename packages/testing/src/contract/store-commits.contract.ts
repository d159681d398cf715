import { expect, it } from 'vitest';
import { isAppError } from '@firebase-event-store/kernel';
import { actorOf } from '../actors.js';
import { meta, commitOf, all, settle, storeCaseTools, type StoreHarness } from './event-store-support.contract.js';

/**
 * Commits and reads: events back in version order with their metadata, ranges, a taken version
 * refused with nothing written, one winner of 20, tenants and types apart.
 */
export function storeCommitCases(harness: StoreHarness) {
  const { setup } = storeCaseTools(harness);
  it('reads back committed events in version order with their data and metadata', async () => {
    const { store, tenant } = setup();
    const stream = { tenant, type: 'Counter', id: 'c1' };
    const first = await store.commit(commitOf(stream, 0, [1, 2], 3));
    await store.commit(commitOf(stream, 2, [3], 6));
    const events = await all(store.readStream(stream));
    expect(events.map((e) => [e.id, e.version, e.data])).toEqual([
      ['Counter~c1~0000000001', 1, { by: 1 }],
      ['Counter~c1~0000000002', 2, { by: 2 }],
      ['Counter~c1~0000000003', 3, { by: 3 }],
    ]);
    expect(events[0]).toMatchObject({
      tenant,
      type: 'Counter',
      aggregateId: 'c1',
      name: 'Incremented',
      position: null,
      meta,
    });
    expect(Date.parse(events[0]!.committedAt)).not.toBeNaN();
    expect(first.map((e) => e.id)).toEqual(events.slice(0, 2).map((e) => e.id));
    expect(await store.streamVersion(stream)).toBe(3);
    expect(await store.loadSnapshot(stream)).toMatchObject({ version: 3, state: { total: 6, count: 3 }, schema: 1 });
  });

  it('reads a version range and an empty stream', async () => {
    const { store, tenant } = setup();
    const stream = { tenant, type: 'Counter', id: 'range' };
    await store.commit(commitOf(stream, 0, [1, 2, 3, 4, 5], 15));
    const middle = await all(store.readStream(stream, { fromVersion: 2, toVersion: 4, pageSize: 2 }));
    expect(middle.map((e) => e.version)).toEqual([2, 3, 4]);
    expect(await all(store.readStream({ ...stream, id: 'none' }))).toEqual([]);
    expect(await store.loadSnapshot({ ...stream, id: 'none' })).toBeUndefined();
    expect(await store.streamVersion({ ...stream, id: 'none' })).toBe(0);
  });

  it.skipIf(!harness.replaceSnapshot)('rejects a commit on a version that exists, and writes nothing', async () => {
    const { store, tenant } = setup();
    const stream = { tenant, type: 'Counter', id: 'stale' };
    await store.commit(commitOf(stream, 0, [1, 1], 2));
    const before = await store.loadSnapshot(stream);
    const attempts = [
      commitOf(stream, 0, [5], 5), // the stream already exists
      commitOf(stream, 1, [5, 5], 11), // behind: version 2 exists (version 3 would be new)
    ];
    for (const attempt of attempts) {
      await expect(store.commit(attempt)).rejects.toSatisfy((e) => isAppError(e, 'CONCURRENCY'));
    }
    // The guard is the events themselves: it holds without a snapshot too.
    await harness.replaceSnapshot!(stream, undefined);
    await expect(store.commit(commitOf(stream, 1, [5], 6))).rejects.toSatisfy((e) => isAppError(e, 'CONCURRENCY'));
    expect((await all(store.readStream(stream))).map((e) => [e.version, e.data])).toEqual([
      [1, { by: 1 }],
      [2, { by: 1 }],
    ]);
    await harness.replaceSnapshot!(stream, before);
    expect(await store.loadSnapshot(stream)).toEqual(before);
  });

  it('lets exactly one of 20 concurrent commits with the same expected version win', async () => {
    const { store, tenant } = setup();
    const stream = { tenant, type: 'Counter', id: 'race' };
    await store.commit(commitOf(stream, 0, [1], 1));
    const results = await settle(
      Array.from({ length: 20 }, (_, i) => store.commit(commitOf(stream, 1, [i + 10], i + 11))),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const lost of results.filter((r) => r.status === 'rejected'))
      expect(isAppError(lost.reason, 'CONCURRENCY')).toBe(true);
    const events = await all(store.readStream(stream));
    expect(events.map((e) => e.version)).toEqual([1, 2]);
    const snapshot = await store.loadSnapshot(stream);
    expect(snapshot).toMatchObject({ version: 2, state: { total: 1 + (events[1]!.data as { by: number }).by } });
  });

  it('keeps equal ids of two tenants and of two aggregate types apart', async () => {
    const { handler, actor, store, tenant } = setup();
    const other = actorOf(harness.tenant());
    await handler.command(actor, 'Increment', { aggregateId: 'same', by: 5 });
    await handler.command(other, 'Increment', { aggregateId: 'same', by: 7 });
    await handler.command(actor, 'Record', { aggregateId: 'same', value: 3 });
    expect((await handler.load(actor, 'Counter', 'same')).state).toMatchObject({ total: 5 });
    expect((await handler.load(other, 'Counter', 'same')).state).toMatchObject({ total: 7 });
    expect((await handler.load(actor, 'Meter', 'same')).state).toEqual({ reading: 3 });
    await expect(handler.load(other, 'Meter', 'same')).rejects.toSatisfy((e) => isAppError(e, 'NOT_FOUND'));
    expect(await store.streamVersion({ tenant, type: 'Counter', id: 'same' })).toBe(1);
  });
}
