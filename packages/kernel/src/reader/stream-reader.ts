import { Err } from '../err.js';
import type { EventHandler, Projection, Reaction } from '../event-handler.js';
import type { EventStore } from '../ports/event-store.js';
import {
  NEW_PROJECTION,
  type DeadLetter,
  type HandlerFailure,
  type ReaderState,
  type ReaderStore,
} from '../ports/reader-store.js';
import { ATTRIBUTES, inSpan } from '../tracing.js';
import { CallTimedOut, withCallDeadlines } from './bounded-calls.js';
import { within } from '../command/within.js';
import { coalesceByKey } from './coalesce-by-key.js';
import type { HandlerRun } from './handler-run.js';
import { rebuildProjection, type RebuildSettings } from './rebuild-projection.js';
import { rememberEvents } from './remember-events.js';
import { runProjections } from './run-projections.js';
import { runReaction } from './run-reaction.js';
import type { CommandHandler } from '../command/command-handler.js';
import type { WorkflowStore } from '../ports/workflow-store.js';
import type { Workflow } from '../workflow.js';
import { fireDueTimers, type TimerRun } from './fire-due-timers.js';
import { workflowReaction } from './workflow-reaction.js';

export type { HandlerRun, RunStatus } from './handler-run.js';
export type { TimerRun } from './fire-due-timers.js';

export interface StreamReaderOptions {
  /** With workflows among the handlers, the store must keep their instances and timers too. */
  readonly store: EventStore & ReaderStore & Partial<WorkflowStore>;
  readonly handlers: readonly EventHandler[];
  /** Makes lease owner ids. */
  readonly newId: () => string;
  /** The time of the reader: the `now` workflows see, and leases are measured by. */
  readonly clock?: () => Date;
  /** Events per read, and per step of the projections. */
  readonly pageSize?: number;
  /**
   * How long a lease (a reaction's, a rebuild's) lasts unless renewed; its holder renews it
   * every third of that while it works, so a crashed holder's lease frees this soon.
   */
  readonly leaseMs?: number;
  /** Runs an event may fail in before it becomes a dead letter. */
  readonly retryBudget?: number;
  /** Retries of a reaction within one run, before the run records the failure. */
  readonly reactionRetries?: number;
  /** Sends the commands reactions and workflows return; without it, one that returns some fails. */
  readonly commands?: Pick<CommandHandler, 'command'>;
  /** The most any one store call of a run may take before the run gives up (a stalled database). */
  readonly callTimeoutMs?: number;
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
  /** Sequences the tenant's new events and runs every handler until caught up or out of time. */
  poll(tenant: string, options?: { readonly deadline?: number }): Promise<HandlerRun[]>;
  lag(tenant: string): Promise<HandlerLag[]>;
  /** Empties a projection's read model and runs it again from the first event. */
  rebuild(tenant: string, handler: string): Promise<HandlerRun>;
  /** Lets a handler stopped on a dead letter go on (retrying the event, or skipping it). */
  release(tenant: string, handler: string, options: { readonly skip: boolean }): Promise<void>;
  /** Tenants with events to sequence or a handler behind. */
  pendingTenants(): Promise<string[]>;
  deadLetters(tenant: string): Promise<DeadLetter[]>;
  /**
   * Fires the workflows' timers due at `now` (in every tenant), the earliest first, at most
   * `limit` (see `fireDueTimers`, which the scheduled function calls every minute).
   */
  fireDueTimers(options: { readonly now: Date; readonly limit: number }): Promise<TimerRun[]>;
}

/**
 * The ordered reader, after the seed's `StreamReader.poll(tenant, thread, handlers)`, without
 * its defects: events read in the tenant's gap-free log order and handed over one at a time,
 * each awaited; a position moves only past what was handled; failures are counted, then
 * dead-lettered, never skipped. The projections of a tenant advance together, in atomic steps
 * of its log (`runProjections`); each reaction runs under a lease of its own (`runReaction`).
 */
export function createStreamReader(options: StreamReaderOptions): StreamReader {
  const { handlers, newId } = options;
  const clock = options.clock ?? (() => new Date());
  const now = () => clock().getTime();
  const store = withCallDeadlines(options.store, options.callTimeoutMs ?? 10_000);
  const byName = new Map(handlers.map((handler) => [handler.name, handler]));
  if (byName.size !== handlers.length) throw new TypeError('Two event handlers have the same name');
  const projections = handlers.filter((handler): handler is Projection => handler.kind === 'projection');
  const workflows = handlers.filter((handler): handler is Workflow => handler.kind === 'workflow');
  const workflowStore = workflowStoreOf(options.store, workflows, options.callTimeoutMs ?? 10_000);
  const workflowSettings = { store: workflowStore, clock, ...(options.commands && { commands: options.commands }) };
  // A workflow runs as a reaction of its own (a lease, a position) whose handler applies each event.
  const reactions = handlers.flatMap((handler): Reaction[] => {
    if (handler.kind === 'reaction') return [handler];
    return handler.kind === 'workflow' ? [workflowReaction(handler, workflowSettings)] : [];
  });
  const settings: RebuildSettings = {
    store,
    projections,
    now,
    newId,
    pageSize: options.pageSize ?? 200,
    leaseMs: options.leaseMs ?? 10_000,
    retryBudget: options.retryBudget ?? 5,
  };
  const reactionRetries = options.reactionRetries ?? 2;

  // A run of the reader over one tenant is one span; its steps and pages are its children.
  const poll = coalesceByKey(
    (tenant: string, deadline: number) =>
      inSpan('reader.poll', { attributes: { [ATTRIBUTES.tenant]: tenant } }, () => pollTenant(tenant, deadline)),
    (deadline) => now() < deadline,
  );

  const pollTenant = async (tenant: string, deadline: number) => {
    const memory = rememberEvents(store, tenant);
    let moved = false;
    const seen = (events: readonly unknown[]) => void (moved ||= events.length > 0);
    const project = () =>
      runProjections(settings, tenant, deadline, (events) => (memory.remember(events), seen(events)));
    let runs = await project();
    // A rebuild whose holder stopped (its lease expired) is finished by whoever finds it.
    const stalled = runs.filter((run) => run.status === 'busy');
    if (stalled.length > 0) {
      const log = await store.readLogState(tenant);
      const finished = await Promise.all(
        stalled.map(async (run) => {
          const rebuild = (log.projections[run.handler] ?? NEW_PROJECTION).rebuild;
          const projection = projections.find(({ name }) => name === run.handler)!;
          return rebuild && rebuild.until <= now()
            ? rebuildProjection(settings, tenant, projection, { takeOver: true })
            : run;
        }),
      );
      runs = runs.map((run) => finished.find((done) => done.handler === run.handler) ?? run);
    }
    const sequenceMore = async () => {
      moved = false;
      await project();
      return moved;
    };
    // The reactions read the log from what the steps just read or positioned, where they can.
    const reading = Object.assign(Object.create(store) as typeof store, { readLog: memory.readLog });
    const reacted = await Promise.all(
      reactions.map((reaction) =>
        runReaction(
          { ...settings, store: reading, reactionRetries, sequenceMore, commands: options.commands },
          tenant,
          reaction,
          deadline,
        ),
      ),
    );
    const all = [...runs, ...reacted];
    return handlers.map(({ name }) => all.find((run) => run.handler === name)!);
  };

  const stateOf = async (tenant: string): Promise<{ head: number; states: Map<string, ReaderState> }> => {
    const log = await store.readLogState(tenant);
    const states = new Map<string, ReaderState>(
      projections.map(({ name }) => [name, log.projections[name] ?? NEW_PROJECTION]),
    );
    for (const reaction of reactions)
      states.set(reaction.name, await store.readerState({ tenant, handler: reaction.name }));
    return { head: log.head, states };
  };

  return {
    poll: (tenant, { deadline = Infinity } = {}) => poll(tenant, deadline),

    async lag(tenant) {
      const { head, states } = await stateOf(tenant);
      return Promise.all(
        handlers.map(async ({ name }) => {
          const { position, blocked, failure } = states.get(name)!;
          const [oldest] = head > position ? await store.readLog(tenant, { after: position, limit: 1 }) : [];
          const seconds = oldest ? Math.max(0, (now() - Date.parse(oldest.committedAt)) / 1000) : 0;
          return { handler: name, position, head, events: head - position, seconds, blocked, failure };
        }),
      );
    },

    async rebuild(tenant, name) {
      const handler = byName.get(name);
      if (handler?.kind !== 'projection') throw Err.notFound(`No projection named ${name}`);
      return rebuildProjection(settings, tenant, handler);
    },

    async release(tenant, name, { skip }) {
      const handler = byName.get(name);
      if (!handler) throw Err.notFound(`No event handler named ${name}`);
      if (handler.kind !== 'projection') return store.releaseDeadLetter({ tenant, handler: name }, { skip });
      await store.stepLog(tenant, { pending: 0 }, async (log) => {
        const record = await log.projection(name);
        const position = skip && record.failure ? record.failure.position : record.position;
        return {
          writes: {
            projections: { [name]: { ...record, position, failure: null, blocked: false } },
            clearDeadLetters: [name],
          },
          result: undefined,
        };
      });
    },

    pendingTenants: () =>
      store.tenantsWithPendingWork({
        projections: projections.map(({ name }) => name),
        reactions: reactions.map(({ name }) => name),
      }),
    deadLetters: (tenant) => store.deadLetters(tenant),
    fireDueTimers: (timing) => fireDueTimers(workflowSettings, workflows, timing),
  };
}

/**
 * The store's workflow part, each call bounded like the reader's others (a stalled database
 * never holds the schedule's worker); a store without one is refused when there are workflows.
 */
function workflowStoreOf(store: Partial<WorkflowStore>, workflows: readonly Workflow[], callMs: number): WorkflowStore {
  const { loadInstance, saveInstance, dueTimers } = store;
  if (loadInstance && saveInstance && dueTimers) {
    const bound =
      <A extends unknown[], R>(name: string, call: (...args: A) => Promise<R>) =>
      (...args: A) =>
        within(
          call.apply(store, args),
          callMs,
          () => new CallTimedOut(`The event store did not answer ${name} within ${callMs} ms`),
        );
    return {
      loadInstance: bound('loadInstance', loadInstance),
      saveInstance: bound('saveInstance', saveInstance),
      dueTimers: bound('dueTimers', dueTimers),
    };
  }
  if (workflows.length > 0)
    throw new TypeError(
      `The store keeps no workflow instances: ${workflows.map(({ name }) => name).join(', ')} cannot run`,
    );
  return {
    loadInstance: () => Promise.resolve(undefined),
    saveInstance: () => Promise.resolve(false),
    dueTimers: () => Promise.resolve([]),
  };
}
