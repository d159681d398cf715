import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { actorOf, cachedHandler, Counter } from '@firebase-event-store/testing';
import { defineAggregate } from '../aggregate.js';
import { Err, isAppError, type AppError } from '../err.js';
import { createInMemoryEventStore } from '../in-memory/in-memory-event-store.js';
import { createAggregateRegistry } from '../aggregate-registry.js';
import type { CommandHandlerOptions } from './command-handler.js';
import type { EventStore } from '../ports/event-store.js';

/** A bigger-than-allowed state and a buggy command, to see the handler's own guards. */
const Faulty = defineAggregate({
  type: 'Faulty',
  state: z.object({ blob: z.string() }),
  init: () => ({ blob: '' }),
  events: { Grown: z.strictObject({ size: z.int() }) },
  commands: {
    Grow: { payload: z.object({ size: z.int() }), handle: (_s, { size }) => [{ name: 'Grown', data: { size } }] },
    EmitBadEvent: {
      payload: z.object({}),
      handle: () => [{ name: 'Grown', data: { size: 'big' as unknown as number } }],
    },
  },
  evolve: { Grown: (_state, { size }) => ({ blob: 'x'.repeat(size) }) },
});

const registry = createAggregateRegistry([Counter, Faulty]);

function setup(options: Partial<CommandHandlerOptions> = {}) {
  const store = options.store ?? createInMemoryEventStore();
  const handler = cachedHandler(store, registry, options);
  const tenant = `t-${randomUUID().slice(0, 6)}`;
  const written = (id: string, type = 'Counter') => store.streamVersion({ tenant, type, id });
  return { store, handler, tenant, actor: actorOf(tenant), admin: actorOf(tenant, ['admin']), written };
}

/** A store whose next `failures.count` commits fail with `failures.error()`. */
const failing = (store: EventStore, failures: { count: number; error: () => unknown }): EventStore => ({
  ...store,
  commit: async (commit) => {
    if (failures.count-- > 0) throw failures.error();
    return store.commit(commit);
  },
});

const rejection = async (work: Promise<unknown>): Promise<AppError> => {
  const error: unknown = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
};

describe('CommandHandler (unit, in-memory store)', () => {
  it.each(['Unknown', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
    'treats %s as an unknown command and writes nothing',
    async (name) => {
      const { handler, actor, written } = setup();
      expect((await rejection(handler.command(actor, name, { aggregateId: 'a', by: 1 }))).code).toBe('NOT_FOUND');
      expect(await written('a')).toBe(0);
    },
  );

  it('enforces the role policy of a command', async () => {
    const { handler, actor, admin, written } = setup();
    await handler.command(actor, 'Increment', { aggregateId: 'r', by: 5 });
    const error = await rejection(handler.command(actor, 'Reset', { aggregateId: 'r' }));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toContain('admin');
    expect(await written('r')).toBe(1);
    await expect(handler.command(admin, 'Reset', { aggregateId: 'r' })).resolves.toMatchObject({ version: 2 });
  });

  it('rejects an actor that does not fit the rules (tenant with unsafe characters, no roles array)', async () => {
    const { handler, tenant } = setup();
    for (const actor of [
      { ...actorOf(tenant), tenant: '../other' },
      { ...actorOf(tenant), tenant: '' },
      { ...actorOf(tenant), roles: 'admin' as unknown as string[] },
    ]) {
      expect((await rejection(handler.command(actor, 'Increment', { aggregateId: 'x', by: 1 }))).code).toBe(
        'FORBIDDEN',
      );
    }
  });

  it('needs an existing aggregate where the command says so', async () => {
    const { handler, admin, written } = setup();
    const missing = await rejection(handler.command(admin, 'Reset', {}));
    expect(missing).toMatchObject({ code: 'INVALID_ARGUMENT', details: { issues: [{ pointer: '/aggregateId' }] } });
    expect((await rejection(handler.command(admin, 'Reset', { aggregateId: 'nope' }))).code).toBe('NOT_FOUND');
    expect(await written('nope')).toBe(0);
  });

  it('makes an id for a new aggregate when none is given', async () => {
    const { handler, actor } = setup();
    const result = await handler.command(actor, 'Increment', { by: 2 });
    expect(result.aggregateId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.version).toBe(1);
  });

  it.each([
    [{ aggregateId: '../x', by: 1 }, '/aggregateId'],
    [{ aggregateId: '__id__', by: 1 }, '/aggregateId'],
    [{ aggregateId: 'a/b', by: 1 }, '/aggregateId'],
    [{ aggregateId: 'x'.repeat(129), by: 1 }, '/aggregateId'],
    [{ aggregateId: 42, by: 1 }, '/aggregateId'],
    [{ aggregateId: 'ok', by: 1, expectedVersion: -1 }, '/expectedVersion'],
    [{ aggregateId: 'ok', by: 1, expectedVersion: 1.5 }, '/expectedVersion'],
    [{ aggregateId: 'ok', by: 1, expectedVersion: '1' }, '/expectedVersion'],
    [{ aggregateId: 'ok', by: 1.5 }, '/by'],
    [{ aggregateId: 'ok', by: 1, unknown: true }, '/unknown'],
    [{ aggregateId: 'ok' }, '/by'],
  ])('rejects %j with a pointer to %s and writes nothing', async (input, pointer) => {
    const { handler, actor, written } = setup();
    const error = await rejection(handler.command(actor, 'Increment', input));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.details.issues?.map((issue) => issue.pointer)).toContain(pointer);
    expect(await written('ok')).toBe(0);
  });

  it('rejects prototype-pollution keys and pollutes nothing', async () => {
    const { handler, actor, written } = setup();
    for (const body of [
      '{"aggregateId":"p","by":1,"__proto__":{"isAdmin":true}}',
      '{"aggregateId":"p","by":1,"constructor":{"prototype":{"x":1}}}',
    ]) {
      const error = await rejection(handler.command(actor, 'Increment', JSON.parse(body) as Record<string, unknown>));
      expect(error.code).toBe('INVALID_ARGUMENT');
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(await written('p')).toBe(0);
  });

  it('commits nothing for a command that emits no event', async () => {
    const { handler, actor, written } = setup();
    await handler.command(actor, 'Increment', { aggregateId: 'n', by: 1 });
    await expect(handler.command(actor, 'Nothing', { aggregateId: 'n' })).resolves.toMatchObject({
      version: 1,
      events: [],
    });
    expect(await written('n')).toBe(1);
  });

  it('refuses an event that does not match its schema, and a snapshot over the size limit', async () => {
    const { handler, actor, written } = setup({ maxSnapshotBytes: 1000 });
    expect((await rejection(handler.command(actor, 'EmitBadEvent', { aggregateId: 'f' }))).code).toBe('INTERNAL');
    const tooBig = await rejection(handler.command(actor, 'Grow', { aggregateId: 'f', size: 2000 }));
    expect(tooBig).toMatchObject({ code: 'PRECONDITION', details: { rule: 'snapshot-size' } });
    expect(await written('f', 'Faulty')).toBe(0);
    await expect(handler.command(actor, 'Grow', { aggregateId: 'f', size: 900 })).resolves.toMatchObject({
      version: 1,
    });
  });

  it('never shares cached state across tenants', async () => {
    const { handler, actor } = setup();
    const other = actorOf(`o-${randomUUID().slice(0, 6)}`);
    await handler.command(actor, 'Increment', { aggregateId: 'same', by: 100 });
    const result = await handler.command(other, 'Increment', { aggregateId: 'same', by: 1 });
    expect(result).toMatchObject({ version: 1, state: { total: 1 } });
  });

  it('returns state that callers cannot change, and that the cache keeps intact', async () => {
    const { handler, actor } = setup();
    const first = await handler.command(actor, 'Increment', { aggregateId: 'frozen', by: 1 });
    expect(() => ((first.state as { total: number }).total = 99)).toThrow(TypeError);
    await expect(handler.command(actor, 'Increment', { aggregateId: 'frozen', by: 1 })).resolves.toMatchObject({
      state: { total: 2 },
    });
  });

  describe('when the store fails', () => {
    it('surfaces a failure that is not a conflict at once, writes nothing, and a retry succeeds once', async () => {
      const inner = createInMemoryEventStore();
      const failures = { count: 1, error: () => Err.unavailable('Firestore is unavailable', 1) };
      const { handler, actor, tenant } = setup({ store: failing(inner, failures) });
      expect((await rejection(handler.command(actor, 'Increment', { aggregateId: 'u', by: 1 }))).code).toBe(
        'UNAVAILABLE',
      );
      expect(await inner.streamVersion({ tenant, type: 'Counter', id: 'u' })).toBe(0);
      await expect(handler.command(actor, 'Increment', { aggregateId: 'u', by: 1 })).resolves.toMatchObject({
        version: 1,
      });
      expect(await inner.streamVersion({ tenant, type: 'Counter', id: 'u' })).toBe(1);
    });

    it('retries conflicts a bounded number of times, then reports CONCURRENCY', async () => {
      const failures = { count: Infinity, error: () => Err.concurrency('lost a race') };
      const store = failing(createInMemoryEventStore(), failures);
      const commit = vi.spyOn(store, 'commit');
      const { handler, actor } = setup({ store, retry: { attempts: 4, minDelayMs: 1, maxDelayMs: 2 } });
      expect((await rejection(handler.command(actor, 'Increment', { aggregateId: 'c', by: 1 }))).code).toBe(
        'CONCURRENCY',
      );
      expect(commit).toHaveBeenCalledTimes(4);
    });

    it('does not retry a conflict when the caller gave an expected version', async () => {
      const failures = { count: Infinity, error: () => Err.concurrency('lost a race') };
      const store = failing(createInMemoryEventStore(), failures);
      const commit = vi.spyOn(store, 'commit');
      const { handler, actor } = setup({ store });
      const error = await rejection(
        handler.command(actor, 'Increment', { aggregateId: 'c', by: 1, expectedVersion: 0 }),
      );
      expect(error).toMatchObject({ code: 'VERSION_MISMATCH', details: { expectedVersion: 0 } });
      expect(commit).toHaveBeenCalledTimes(1);
    });
  });

  describe('when the store stalls (a fake clock)', () => {
    afterEach(() => void vi.useRealTimers());
    const never = () => new Promise<never>(() => undefined);

    it.each([
      ['the snapshot read', (store: EventStore): EventStore => ({ ...store, loadSnapshot: never })],
      ['the commit', (store: EventStore): EventStore => ({ ...store, commit: never })],
      ['the idempotency read', (store: EventStore): EventStore => ({ ...store, readIdempotency: never })],
      [
        'a replay of the history',
        (store: EventStore): EventStore => ({
          ...store,
          loadSnapshot: () => Promise.resolve({ version: 1, schema: 99, state: {} }), // outdated: rebuilt
          readStream: async function* () {
            await never();
          },
        }),
      ],
    ])('%s that never answers: 503 at the deadline, nothing written', async (_what, stall) => {
      vi.useFakeTimers();
      const inner = createInMemoryEventStore();
      const { handler, actor, written } = setup({ store: stall(inner), deadlineMs: 8_000 });
      const answer = rejection(
        handler.command(
          actor,
          'Increment',
          { aggregateId: 'c', by: 1 },
          { idempotency: { key: 'k', fingerprint: 'f' } },
        ),
      );
      await vi.advanceTimersByTimeAsync(7_999);
      let settled = false;
      void answer.then(() => (settled = true));
      await vi.advanceTimersByTimeAsync(0);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(await answer).toMatchObject({ code: 'UNAVAILABLE', details: { retryAfterSeconds: 5 } });
      vi.useRealTimers();
      expect(await written('c')).toBe(0);
    });

    it('a command that keeps losing races gives up with 409 before its deadline', async () => {
      const failures = { count: Infinity, error: () => Err.concurrency('lost a race') };
      const { handler, actor } = setup({
        store: failing(createInMemoryEventStore(), failures),
        retry: { attempts: 1000, minDelayMs: 50, maxDelayMs: 50, maxRetryMs: 300 },
        deadlineMs: 60_000,
      });
      expect((await rejection(handler.command(actor, 'Increment', { aggregateId: 'c', by: 1 }))).code).toBe(
        'CONCURRENCY',
      );
    });
  });
});
