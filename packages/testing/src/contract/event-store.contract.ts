/* eslint-disable max-lines -- a conformance suite: one list of independent cases that every adapter must pass together; split, an adapter could run half of it. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createAggregateRegistry, replay, isAppError, createCommandHandler } from '@firebase-event-store/kernel';
import { fold } from '@firebase-event-store/kernel/internal';
import type {
  Commit,
  CommittedEvent,
  EventStore,
  Snapshot,
  StreamKey,
  CommandHandlerOptions,
  TraceEntry,
} from '@firebase-event-store/kernel';
import { Meter } from '../fixtures/meter.js';
import { actorOf } from '../actors.js';
import { cachedHandler } from '../cached-handler.js';
import { Counter } from '../fixtures/counter.js';
import { storePromisesContract } from './store-promises.contract.js';

/** How a contract run reaches one adapter. */
export interface StoreHarness {
  readonly name: string;
  readonly store: () => EventStore;
  readonly tenant: () => string;
  /**
   * Capability: replaces or removes a snapshot behind the store's back, as an operator might.
   * A store that cannot leaves it out, and the cases that need it are reported as skipped.
   */
  readonly replaceSnapshot?: (stream: StreamKey, snapshot: Snapshot | undefined) => Promise<void>;
}

const registry = createAggregateRegistry([Counter, Meter]);
const meta = { actor: { id: 'u1', name: 'U' }, command: 'Test', correlationId: 'corr-1', causationId: null };

const commitOf = (stream: StreamKey, expectedVersion: number, bys: number[], total: number): Commit => ({
  stream,
  expectedVersion,
  events: bys.map((by) => ({ name: 'Incremented', data: { by } })),
  snapshot: { state: { total, count: expectedVersion + bys.length, open: false }, schema: 1 },
  meta,
});

async function all(events: AsyncIterable<CommittedEvent>) {
  const out: CommittedEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

const settle = <T>(work: Promise<T>[]) => Promise.allSettled(work);

/** The executable specification of `EventStore`: every adapter must pass all of it. */
export function eventStoreContract(harness: StoreHarness) {
  const setup = (options: Partial<CommandHandlerOptions> = {}) => {
    const store = harness.store();
    const tenant = harness.tenant();
    const handler = cachedHandler(store, registry, options);
    return { store, tenant, handler, actor: actorOf(tenant, ['user', 'admin']) };
  };

  describe(`EventStore contract: ${harness.name}`, () => {
    storePromisesContract(harness);

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

    it('keeps versions 1..N under 50 concurrent commands without an expected version, from 5 processes', async () => {
      const trace: TraceEntry[] = [];
      const { actor, store, tenant } = setup();
      // Five handlers, as five instances of the function: commands of one handler take turns.
      const handlers = Array.from({ length: 5 }, () =>
        createCommandHandler({ store, registry, newId: randomUUID, tracer: (entry) => trace.push(entry) }),
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
      expect(trace.some((t) => t.step === 'conflict')).toBe(true); // the race really happened
      const snapshot = await store.loadSnapshot(stream);
      expect(snapshot?.state).toEqual((await replay(store, Counter, stream)).state);
      expect(snapshot?.version).toBe(succeeded.length);
    });

    it('20 concurrent commands on one aggregate in one process take turns: all succeed, none conflicts', async () => {
      const trace: TraceEntry[] = [];
      const { handler, actor, store, tenant } = setup({ tracer: (entry) => trace.push(entry) });
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => handler.command(actor, 'Increment', { aggregateId: 'turns', by: i + 1 })),
      );
      expect(results.map((result) => result.version)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(trace.filter((entry) => entry.step === 'conflict')).toEqual([]);
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

    it('loads a history of 10,000 events in pages, and a command on it reads only the snapshot', async () => {
      const trace: TraceEntry[] = [];
      const { store, tenant, handler, actor } = setup({ tracer: (entry) => trace.push(entry) });
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
      const result = await handler.command(actor, 'Increment', { aggregateId: 'long', by: 1 });
      expect(result.version).toBe(10_001);
      expect(trace.filter((t) => t.step === 'replay')).toEqual([]);
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

    it('sequences concurrent commits into a gapless log, each event once, streams in version order', async () => {
      const { store, tenant, handler, actor } = setup();
      const writers = Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < 15; i++) await handler.command(actor, 'Increment', { aggregateId: `w${w % 4}`, by: 1 });
      });
      const sequenced: CommittedEvent[] = [];
      const sequence = async (limit?: number) => {
        const events = await store.sequence(tenant, limit === undefined ? {} : { limit });
        sequenced.push(...events);
        return events;
      };
      const sequencers = (async () => {
        let done = false;
        void Promise.all(writers).then(() => (done = true));
        while (!done) await Promise.all([sequence(7), sequence(50)]);
      })();
      await Promise.all([...writers, sequencers]);
      while ((await sequence()).length > 0);

      const log: CommittedEvent[] = [];
      for (let page = await store.readLog(tenant, { after: 0, limit: 33 }); page.length > 0;) {
        log.push(...page);
        page = await store.readLog(tenant, { after: log.at(-1)!.position!, limit: 33 });
      }
      expect(log.map((e) => e.position)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
      expect(new Set(log.map((e) => e.id)).size).toBe(120);
      // Each call answered with the events it positioned, as the log holds them: each once.
      expect([...sequenced].sort((a, b) => a.position! - b.position!)).toEqual(log);
      for (const id of ['w0', 'w1', 'w2', 'w3']) {
        const versions = log.filter((e) => e.aggregateId === id).map((e) => e.version);
        expect(versions).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      }
      expect(await store.sequence(tenant)).toEqual([]); // nothing left to sequence
      const stream = await all(store.readStream({ tenant, type: 'Counter', id: 'w0' }));
      expect(stream.every((e) => e.position !== null)).toBe(true);
    });

    describe('idempotency', () => {
      const key = (fingerprint = 'body-1') => ({ idempotency: { key: 'key-1', fingerprint } });

      it('answers a retry with the original result and commits nothing again', async () => {
        const { handler, actor, store, tenant } = setup();
        const first = await handler.command(actor, 'Increment', { aggregateId: 'i1', by: 2 }, key());
        const again = await handler.command(actor, 'Increment', { aggregateId: 'i1', by: 2 }, key());
        expect(first.replayed).toBeUndefined();
        expect(again).toEqual({ ...first, replayed: true });
        expect(await store.streamVersion({ tenant, type: 'Counter', id: 'i1' })).toBe(1);
      });

      it('refuses the same key with another request, and writes nothing', async () => {
        const { handler, actor, store, tenant } = setup();
        await handler.command(actor, 'Increment', { aggregateId: 'i2', by: 2 }, key('body-1'));
        await expect(
          handler.command(actor, 'Increment', { aggregateId: 'i2', by: 3 }, key('body-2')),
        ).rejects.toSatisfy((e) => isAppError(e, 'IDEMPOTENCY_MISMATCH'));
        expect(await store.streamVersion({ tenant, type: 'Counter', id: 'i2' })).toBe(1);
      });

      it('treats the same key from another user or tenant as another key', async () => {
        const { handler, actor, store, tenant } = setup();
        const colleague = { ...actor, id: 'user-2' };
        const stranger = actorOf(harness.tenant());
        await handler.command(actor, 'Increment', { aggregateId: 'i3', by: 1 }, key());
        const second = await handler.command(colleague, 'Increment', { aggregateId: 'i3', by: 1 }, key());
        const third = await handler.command(stranger, 'Increment', { aggregateId: 'i3', by: 1 }, key());
        expect([second.replayed, second.version, third.replayed, third.version]).toEqual([undefined, 2, undefined, 1]);
        expect(await store.streamVersion({ tenant, type: 'Counter', id: 'i3' })).toBe(2);
      });

      it('gives the original success to a retry with its old expected version, not a mismatch', async () => {
        const { handler, actor } = setup();
        const first = await handler.command(
          actor,
          'Increment',
          { aggregateId: 'i4', by: 1, expectedVersion: 0 },
          key(),
        );
        await handler.command(actor, 'Increment', { aggregateId: 'i4', by: 1 }); // the aggregate moves on
        const retry = await handler.command(
          actor,
          'Increment',
          { aggregateId: 'i4', by: 1, expectedVersion: 0 },
          key(),
        );
        expect(retry).toEqual({ ...first, replayed: true });
      });

      it('commits once for 50 concurrent requests with the same key, even without an aggregate id', async () => {
        const { handler, actor, store, tenant } = setup();
        const results = await settle(
          Array.from({ length: 50 }, () => handler.command(actor, 'Increment', { by: 7 }, key())),
        );
        const answers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
        expect(answers).toHaveLength(50);
        const original = answers.find((answer) => !answer.replayed)!;
        expect(answers.filter((answer) => !answer.replayed)).toHaveLength(1);
        for (const answer of answers) expect({ ...answer, replayed: true }).toEqual({ ...original, replayed: true });
        expect(await store.streamVersion({ tenant, type: 'Counter', id: original.aggregateId })).toBe(1);
        await store.sequence(tenant);
        expect(await store.readLog(tenant, { after: 0, limit: 100 })).toHaveLength(1);
      });
    });
  });
}
