import { Err } from '../err.js';
import type { EventHandler } from '../event-handler.js';
import type { CommittedEvent, EventStore } from '../ports/event-store.js';
import {
  LeaseLost,
  type DeadLetter,
  type HandlerFailure,
  type ReaderKey,
  type ReaderStep,
  type ReaderStore,
} from '../ports/reader-store.js';
import { projectPage, reactPage, type PageContext } from './handle-page.js';
import { traced, type Tracer } from '../tracer.js';

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

export type RunStatus =
  'caught-up' | 'busy' | 'blocked' | 'failed' | 'dead-lettered' | 'lease-lost' | 'out-of-time' | 'error';

export interface HandlerRun {
  readonly tenant: string;
  readonly handler: string;
  readonly status: RunStatus;
  /** Position before and after the run. */
  readonly from: number;
  readonly to: number;
  readonly error?: string;
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

/** An error as a handler run or a dead letter reports it: its message, at most 1,000 characters. */
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 1000);

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
  const lease = () => ({ now: now(), leaseMs });
  const byName = new Map(handlers.map((handler) => [handler.name, handler]));
  if (byName.size !== handlers.length) throw new TypeError('Two event handlers have the same name');

  /** The step that records a failure at `event`, and dead-letters it once the budget is spent. */
  const failedAt =
    (key: ReaderKey, previous: HandlerFailure | null) =>
    (done: number, event: CommittedEvent, error: unknown): ReaderStep => {
      const attempts = (previous?.eventId === event.id ? previous.attempts : 0) + 1;
      const failure = { position: event.position!, eventId: event.id, attempts, error: messageOf(error) };
      if (attempts < retryBudget) return { position: done, failure };
      return { position: done, failure, deadLetter: { ...failure, ...key, at: clock().toISOString() } };
    };

  async function runHandler(tenant: string, handler: EventHandler, deadline: number): Promise<HandlerRun> {
    const key = { tenant, handler: handler.name };
    const owner = newId();
    // Gives the lease up whatever the log did: used when stopping for a reason of our own.
    const giveUp = () => store.release(key, owner, Infinity);
    const state = await store.acquire(key, owner, now(), leaseMs);
    if (!state) return { tenant, handler: handler.name, status: 'busy', from: 0, to: 0 };
    const from = state.position;
    const result = (status: RunStatus, to: number, error?: string): HandlerRun => ({
      tenant,
      handler: handler.name,
      status,
      from,
      to,
      ...(error !== undefined && { error }),
    });
    let current = state;
    const context = (): PageContext => ({
      store,
      key,
      owner,
      state: current,
      lease,
      failed: failedAt(key, current.failure),
      reactionRetries,
    });
    try {
      if (state.blocked) {
        await giveUp();
        return result('blocked', from);
      }
      for (;;) {
        if (now() >= deadline) {
          await giveUp(); // the next run (a trigger or the schedule) goes on from here
          return result('out-of-time', current.position);
        }
        const page = await store.readLog(tenant, { after: current.position, limit: pageSize });
        if (page.length === 0) {
          if ((await store.sequence(tenant)) > 0) continue;
          if (await store.release(key, owner, current.position)) return result('caught-up', current.position);
          continue; // the log moved while we were finishing: a wake-up we must not lose
        }
        const step = await traced(
          tracer,
          'batch',
          { tenant, handler: handler.name, from: current.position, events: page.length },
          () =>
            handler.kind === 'projection' ? projectPage(context(), handler, page) : reactPage(context(), handler, page),
        );
        current = { position: step.position, failure: step.failure, blocked: step.deadLetter !== undefined };
        if (step.failure) {
          await giveUp();
          return result(step.deadLetter ? 'dead-lettered' : 'failed', current.position, step.failure.error);
        }
      }
    } catch (error) {
      if (error instanceof LeaseLost) return result('lease-lost', current.position);
      await giveUp().catch(() => undefined);
      return result('error', current.position, messageOf(error));
    }
  }

  async function pollOnce(tenant: string, deadline: number) {
    while (now() < deadline && (await store.sequence(tenant)) > 0);
    return Promise.all(handlers.map((handler) => runHandler(tenant, handler, deadline)));
  }

  // Wake-ups for a tenant that arrive while this process is already polling it join that poll,
  // which then goes round once more: a burst of triggers costs one run, and none is lost.
  const polling = new Map<string, { again: boolean; runs: Promise<HandlerRun[]> }>();

  return {
    poll(tenant, { deadline = Infinity } = {}) {
      const current = polling.get(tenant);
      if (current) {
        current.again = true;
        return current.runs;
      }
      const entry = { again: false, runs: Promise.resolve<HandlerRun[]>([]) };
      entry.runs = (async () => {
        try {
          let runs: HandlerRun[];
          do {
            entry.again = false;
            runs = await pollOnce(tenant, deadline);
          } while (entry.again && now() < deadline);
          return runs;
        } finally {
          polling.delete(tenant);
        }
      })();
      polling.set(tenant, entry);
      return entry.runs;
    },

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
      await store.release(key, owner, Infinity);
      return runHandler(tenant, handler, Infinity);
    },

    async release(tenant, name, { skip }) {
      if (!byName.has(name)) throw Err.notFound(`No event handler named ${name}`);
      await store.releaseDeadLetter({ tenant, handler: name }, { skip });
    },

    pendingTenants: () => store.tenantsWithPendingWork(handlers.map((handler) => handler.name)),
    deadLetters: (tenant) => store.deadLetters(tenant),
  };
}
