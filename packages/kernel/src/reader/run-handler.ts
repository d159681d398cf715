import type { EventHandler } from '../event-handler.js';
import type { CommittedEvent, EventStore } from '../ports/event-store.js';
import {
  LeaseLost,
  type HandlerFailure,
  type ReaderKey,
  type ReaderState,
  type ReaderStep,
  type ReaderStore,
} from '../ports/reader-store.js';
import { projectPage, reactPage, type PageContext } from './handle-page.js';
import { traced, type Tracer } from '../tracer.js';
import { upcastFrom } from '../upcast.js';

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

export interface RunSettings {
  readonly store: EventStore & ReaderStore;
  readonly newId: () => string;
  readonly now: () => number;
  readonly tracer?: Tracer;
  readonly pageSize: number;
  readonly leaseMs: number;
  readonly retryBudget: number;
  readonly reactionRetries: number;
}

/** A lease the caller already holds (a rebuild, from its reset on), and the state under it. */
export interface HeldLease {
  readonly owner: string;
  readonly state: ReaderState;
}

/** An error as a handler run or a dead letter reports it: its message, at most 1,000 characters. */
export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 1000);

/**
 * One handler of one tenant, under its lease, page by page until it is caught up, fails, is out
 * of time or loses the lease. The position moves only past what was handled; a failure is
 * counted against the event, and dead-letters it once `retryBudget` runs have failed on it.
 */
export async function runHandler(
  settings: RunSettings,
  tenant: string,
  handler: EventHandler,
  deadline: number,
  held?: HeldLease,
): Promise<HandlerRun> {
  const { store, now, tracer, pageSize, leaseMs } = settings;
  const key = { tenant, handler: handler.name };
  const owner = held?.owner ?? settings.newId();
  // Gives the lease up whatever the log did: used when stopping for a reason of our own.
  const giveUp = () => store.release(key, owner, Infinity);
  const state = held?.state ?? (await store.acquire(key, owner, now(), leaseMs));
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
  // The handler sees its sources' events at today's version of their definitions.
  const upcast = upcastFrom<CommittedEvent>(handler.sources ?? []);
  const context = (): PageContext => ({
    store,
    key,
    owner,
    state: current,
    lease: () => ({ now: now(), leaseMs }),
    failed: failedAt(settings, key, current.failure),
    reactionRetries: settings.reactionRetries,
  });
  try {
    if (state.blocked) {
      await giveUp();
      return result('blocked', from);
    }
    // A page shorter than a full one ended at the log's end as it was then: reading again would
    // only cost a query that finds nothing. Whether the log has moved since is what `sequence`
    // and `release` (which reads the head in its transaction) tell.
    let atEnd = false;
    for (;;) {
      if (now() >= deadline) {
        await giveUp(); // the next run (a trigger or the schedule) goes on from here
        return result('out-of-time', current.position);
      }
      if (!atEnd) {
        const page = (await store.readLog(tenant, { after: current.position, limit: pageSize })).map(upcast);
        if (page.length > 0) {
          const step = await traced(
            tracer,
            'batch',
            { tenant, handler: handler.name, from: current.position, events: page.length },
            () =>
              handler.kind === 'projection'
                ? projectPage(context(), handler, page)
                : reactPage(context(), handler, page),
          );
          current = { position: step.position, failure: step.failure, blocked: step.deadLetter !== undefined };
          if (step.failure) {
            await giveUp();
            return result(step.deadLetter ? 'dead-lettered' : 'failed', current.position, step.failure.error);
          }
          atEnd = page.length < pageSize;
          continue;
        }
      }
      atEnd = false;
      if ((await store.sequence(tenant)).length > 0) continue;
      if (await store.release(key, owner, current.position)) return result('caught-up', current.position);
      // the log moved while we were finishing: a wake-up we must not lose
    }
  } catch (error) {
    if (error instanceof LeaseLost) return result('lease-lost', current.position);
    await giveUp().catch(() => undefined);
    return result('error', current.position, messageOf(error));
  }
}

/** The step that records a failure at `event`, and dead-letters it once the budget is spent. */
const failedAt =
  ({ retryBudget, now }: RunSettings, key: ReaderKey, previous: HandlerFailure | null) =>
  (done: number, event: CommittedEvent, error: unknown): ReaderStep => {
    const attempts = (previous?.eventId === event.id ? previous.attempts : 0) + 1;
    const failure = { position: event.position!, eventId: event.id, attempts, error: messageOf(error) };
    if (attempts < retryBudget) return { position: done, failure };
    return { position: done, failure, deadLetter: { ...failure, ...key, at: new Date(now()).toISOString() } };
  };
