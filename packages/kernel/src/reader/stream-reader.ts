import { Err } from '../err.js';
import type { EventHandler } from '../event-handler.js';
import type { EventStore } from '../ports/event-store.js';
import type { DeadLetter, HandlerFailure, ReaderStore } from '../ports/reader-store.js';
import type { Tracer } from '../tracer.js';
import { coalesceByKey } from './coalesce-by-key.js';
import { rememberSequenced } from './remember-sequenced.js';
import { runHandler, type HandlerRun, type RunSettings } from './run-handler.js';

export type { HandlerRun, RunStatus } from './run-handler.js';

export interface StreamReaderOptions {
  readonly store: EventStore & ReaderStore;
  readonly handlers: readonly EventHandler[];
  /** Makes lease owner ids. */
  readonly newId: () => string;
  readonly clock?: () => Date;
  readonly tracer?: Tracer;
  /** Events per read, and per projection commit. */
  readonly pageSize?: number;
  /** How long a lease lasts without a step renewing it. */
  readonly leaseMs?: number;
  /** Runs an event may fail in before it becomes a dead letter. */
  readonly retryBudget?: number;
  /** Retries of a reaction within one run, before the run records the failure. */
  readonly reactionRetries?: number;
}

export interface HandlerLag {
  readonly handler: string;
  readonly position: number;
  readonly head: number;
  /** Events of the log the handler has not handled. */
  readonly events: number;
  /** Age of the oldest of them, in seconds (0 when caught up). */
  readonly seconds: number;
  readonly blocked: boolean;
  readonly failure: HandlerFailure | null;
}

export interface StreamReader {
  /** Sequences the tenant's new events, then runs each handler until caught up or out of time. */
  poll(tenant: string, options?: { readonly deadline?: number }): Promise<HandlerRun[]>;
  lag(tenant: string): Promise<HandlerLag[]>;
  /** Empties a projection's read model and runs it again from the first event. */
  rebuild(tenant: string, handler: string): Promise<HandlerRun>;
  /** Lets a handler stopped on a dead letter go on (retrying the event, or skipping it). */
  release(tenant: string, handler: string, options: { readonly skip: boolean }): Promise<void>;
  /** Tenants with events to sequence or a handler behind. */
  pendingTenants(): Promise<string[]>;
  deadLetters(tenant: string): Promise<DeadLetter[]>;
}

/**
 * The ordered reader, after the seed's `StreamReader.poll(tenant, thread, handlers)`, without
 * its defects: one lease per (tenant, handler), checked inside every commit; events read in
 * the tenant's gap-free log order and handed over one at a time, each awaited; the position
 * moves only past what was handled; failures are counted, then dead-lettered, never skipped.
 */
export function createStreamReader(options: StreamReaderOptions): StreamReader {
  const { store, handlers, newId, tracer } = options;
  const clock = options.clock ?? (() => new Date());
  const pageSize = options.pageSize ?? 200;
  const leaseMs = options.leaseMs ?? 60_000;
  const retryBudget = options.retryBudget ?? 5;
  const reactionRetries = options.reactionRetries ?? 2;
  const now = () => clock().getTime();
  const byName = new Map(handlers.map((handler) => [handler.name, handler]));
  if (byName.size !== handlers.length) throw new TypeError('Two event handlers have the same name');
  const settings: RunSettings = {
    store,
    newId,
    now,
    pageSize,
    leaseMs,
    retryBudget,
    reactionRetries,
    ...(tracer && { tracer }),
  };

  const poll = coalesceByKey(
    async (tenant: string, deadline: number) => {
      const run = { ...settings, store: rememberSequenced(store) };
      while (now() < deadline && (await run.store.sequence(tenant)).length > 0);
      return Promise.all(handlers.map((handler) => runHandler(run, tenant, handler, deadline)));
    },
    (deadline) => now() < deadline,
  );

  return {
    poll: (tenant, { deadline = Infinity } = {}) => poll(tenant, deadline),

    async lag(tenant) {
      const head = await store.head(tenant);
      return Promise.all(
        handlers.map(async (handler) => {
          const state = await store.readerState({ tenant, handler: handler.name });
          const [oldest] =
            head > state.position ? await store.readLog(tenant, { after: state.position, limit: 1 }) : [];
          const seconds = oldest ? Math.max(0, (now() - Date.parse(oldest.committedAt)) / 1000) : 0;
          const { position, blocked, failure } = state;
          return { handler: handler.name, position, head, events: head - position, seconds, blocked, failure };
        }),
      );
    },

    async rebuild(tenant, name) {
      const handler = byName.get(name);
      if (handler?.kind !== 'projection') throw Err.notFound(`No projection named ${name}`);
      const key = { tenant, handler: name };
      const owner = newId();
      if (!(await store.acquire(key, owner, now(), leaseMs))) throw Err.unavailable(`${name} is running; try again`, 5);
      await store.reset(key, owner, handler.collections);
      // The lease is kept from the reset to the end: a trigger meanwhile finds the handler busy.
      return runHandler(settings, tenant, handler, Infinity, {
        owner,
        state: { position: 0, failure: null, blocked: false },
      });
    },

    async release(tenant, name, { skip }) {
      if (!byName.has(name)) throw Err.notFound(`No event handler named ${name}`);
      await store.releaseDeadLetter({ tenant, handler: name }, { skip });
    },

    pendingTenants: () => store.tenantsWithPendingWork(handlers.map((handler) => handler.name)),
    deadLetters: (tenant) => store.deadLetters(tenant),
  };
}
