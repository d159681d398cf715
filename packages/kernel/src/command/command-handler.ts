import { setTimeout } from 'node:timers/promises';
import pRetry from 'p-retry';
import { checkActor, type Actor } from '../actor.js';
import { Err, isAppError, type ErrorCode } from '../err.js';
import type { AggregateRegistry } from '../aggregate-registry.js';
import {
  parseAggregateId,
  planCommand,
  type CommandInput,
  type CommandMetadata,
  type CommandPlan,
} from './command-plan.js';
import type { CommandResult } from './command-result.js';
import { withDeadline } from './deadline-store.js';
import { decide } from './decide.js';
import type { EventStore } from '../ports/event-store.js';
import { priorResult } from './idempotency.js';
import { loadCurrent, type Freshness } from './load-current.js';
import { replay, schemaVersionOf } from './replay.js';
import type { SnapshotCache } from './snapshot-cache.js';
import { traced, type Tracer } from '../tracer.js';

export interface RetryPolicy {
  /** Attempts in all, the first included, when the caller gave no expected version. */
  readonly attempts: number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  /** No new attempt starts this long after the first: the command gives up with 409. */
  readonly maxRetryMs: number;
}

export interface CommandHandlerOptions {
  readonly store: EventStore;
  readonly registry: AggregateRegistry;
  /** Makes aggregate ids (for commands without one) and correlation ids. */
  readonly newId: () => string;
  readonly cache?: SnapshotCache;
  readonly tracer?: Tracer;
  readonly retry?: Partial<RetryPolicy>;
  /**
   * Every store call of one command must answer within this many milliseconds of its start,
   * or the command fails with 503: the most a stalled database holds a request (default 8 s).
   */
  readonly deadlineMs?: number;
  /** Largest snapshot state, as JSON bytes. Firestore's own limit is 1 MiB per document. */
  readonly maxSnapshotBytes?: number;
  /** How long an idempotency record answers retries (default 24 hours). */
  readonly idempotencyTtlMs?: number;
  readonly clock?: () => Date;
}

export interface CommandHandler {
  command(actor: Actor, name: string, input: CommandInput, metadata?: CommandMetadata): Promise<CommandResult>;
  /** Rebuilds an aggregate of the actor's tenant from its events, up to `version` (time travel). */
  load(actor: Actor, type: string, id: string, version?: number): Promise<{ version: number; state: unknown }>;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 25, minDelayMs: 5, maxDelayMs: 250, maxRetryMs: 5_000 };

/**
 * Failures that a request with an Idempotency-Key may owe to its own earlier commit, landing
 * between this attempt's reads: a version, an existence or a business rule that commit itself
 * changed, or the record's own create() guard. Each is checked against the record once more.
 */
const ANSWERED_BY_RECORD: ReadonlySet<ErrorCode> = new Set([
  'VERSION_MISMATCH',
  'PRECONDITION',
  'NOT_FOUND',
  'CONCURRENCY',
]);

/**
 * The seed's `CommandHandler`: plans a command (actor, role, payload), then in each attempt
 * reads the aggregate (cache or one snapshot read) and any earlier commit under the request's
 * Idempotency-Key, decides, and commits the events, the snapshot and the record in one atomic
 * write. Without an expected version a lost race is retried on fresh state.
 */
export function createCommandHandler(options: CommandHandlerOptions): CommandHandler {
  const { registry, newId, cache, tracer } = options;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const deadlineMs = options.deadlineMs ?? 8_000;
  const maxSnapshotBytes = options.maxSnapshotBytes ?? 256 * 1024;
  const idempotencyTtlMs = options.idempotencyTtlMs ?? 24 * 60 * 60 * 1000;
  const clock = options.clock ?? (() => new Date());

  /**
   * One attempt. `lostAt`: the version a previous attempt's commit lost on (the stream is past
   * it). Throws CONCURRENCY, with that version as `expectedVersion`, when this one loses too.
   */
  async function attempt(store: EventStore, plan: CommandPlan, lostAt: number | undefined): Promise<CommandResult> {
    const { route, stream, expectedVersion, meta, idempotency } = plan;
    const loading = { store, cache, tracer };
    const freshness: Freshness = lostAt === undefined ? { kind: 'cached' } : { kind: 'past', version: lostAt };
    // A retry of a request that already committed is answered before any check of the version.
    const [loaded, prior] = await Promise.all([
      loadCurrent(loading, route.aggregate, stream, freshness),
      idempotency && priorResult(store, stream.tenant, idempotency),
    ]);
    if (prior) return prior;
    try {
      const current =
        expectedVersion !== undefined && loaded.version !== expectedVersion && freshness.kind === 'cached'
          ? await loadCurrent(loading, route.aggregate, stream, { kind: 'store' }) // the cache may be behind
          : loaded;
      const { version, events, state } = decide(plan, current, maxSnapshotBytes);
      const result = { aggregateType: stream.type, aggregateId: stream.id, version, state };
      if (events.length === 0) return { ...result, events: [] };
      const committed = await traced(tracer, 'commit', { ...stream, command: route.name }, () =>
        store
          .commit({
            stream,
            expectedVersion: version,
            events,
            snapshot: { state, schema: schemaVersionOf(route.aggregate) },
            meta,
            ...(idempotency && {
              idempotency: { ...idempotency, expiresAt: new Date(clock().getTime() + idempotencyTtlMs) },
            }),
          })
          .catch((error: unknown) => {
            cache?.delete(stream); // whatever happened, the next attempt reads the store
            throw isAppError(error, 'CONCURRENCY') ? Err.concurrency(error.message, error, version) : error;
          }),
      );
      cache?.set(stream, { version: version + events.length, state });
      return { ...result, version: version + events.length, events: committed };
    } catch (error) {
      // The record is read again after what this attempt saw: if its own commit is what made the
      // version, the existence or the rule fail, that commit is the answer, never a 412 or 409.
      const mayBeOurs = idempotency && isAppError(error) && ANSWERED_BY_RECORD.has(error.code);
      const replayed = mayBeOurs ? await priorResult(store, stream.tenant, idempotency) : undefined;
      if (replayed) return replayed;
      throw error;
    }
  }

  async function command(
    actor: Actor,
    name: string,
    input: CommandInput,
    metadata: CommandMetadata = {},
  ): Promise<CommandResult> {
    const plan = planCommand(registry, newId, actor, name, input, metadata);
    const store = withDeadline(options.store, Date.now() + deadlineMs);
    // With an expected version the caller owns the conflict (412); without one we retry with fresh state.
    const { expectedVersion } = plan;
    if (expectedVersion !== undefined) {
      return attempt(store, plan, undefined).catch((error: unknown) => {
        throw isAppError(error, 'CONCURRENCY') ? Err.versionMismatch(expectedVersion) : error;
      });
    }
    let lostAt: number | undefined;
    try {
      return await pRetry(() => attempt(store, plan, lostAt), {
        retries: retry.attempts - 1,
        maxRetryTime: retry.maxRetryMs,
        minTimeout: 0, // the delay is ours, below: p-retry's own jitter keeps contenders in step
        shouldRetry: ({ error }) => isAppError(error, 'CONCURRENCY'),
        onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
          if (!isAppError(error, 'CONCURRENCY') || retriesLeft === 0) return;
          lostAt = error.details.expectedVersion;
          tracer?.({ step: 'conflict', ms: 0, ...plan.stream, attemptNumber });
          // "Full jitter": a random wait up to an exponentially growing cap spreads contenders out.
          const cap = Math.min(retry.maxDelayMs, retry.minDelayMs * 2 ** (attemptNumber - 1));
          await setTimeout(Math.random() * cap);
        },
      });
    } catch (error) {
      if (!isAppError(error, 'CONCURRENCY')) throw error;
      throw Err.concurrency(`${plan.stream.type} ${plan.stream.id} kept changing; gave up after retrying`, error);
    }
  }

  async function load(actor: Actor, type: string, id: string, version?: number) {
    const who = checkActor(actor);
    const aggregate = registry.aggregate(type);
    if (!aggregate) throw Err.notFound(`Unknown aggregate type ${type}`);
    const rebuilt = await replay(
      options.store,
      aggregate,
      { tenant: who.tenant, type, id: parseAggregateId(id) },
      version,
    );
    if (rebuilt.version === 0) throw Err.notFound(`${type} ${id} does not exist`);
    return rebuilt;
  }

  return { command, load };
}
