import type { Span } from '@opentelemetry/api';
import { checkActor, type Actor } from '../actor.js';
import { Err, isAppError } from '../err.js';
import type { AggregateRegistry } from '../aggregate-registry.js';
import { attemptCommand, type AttemptSettings } from './attempt-command.js';
import {
  parseAggregateId,
  planCommand,
  type CommandInput,
  type CommandMetadata,
  type CommandPlan,
} from './command-plan.js';
import { oneAtATime } from './one-at-a-time.js';
import type { CommandResult } from './command-result.js';
import { withDeadline } from './deadline-store.js';
import type { EventStore } from '../ports/event-store.js';
import { replay } from './replay.js';
import { DEFAULT_RETRY, retryOnConflict, type RetryPolicy } from './retry-on-conflict.js';
import type { SnapshotCache } from './snapshot-cache.js';
import { ATTRIBUTES, inSpan } from '../tracing.js';
import { DEFAULT_UNIQUE_SECRET } from './unique-changes.js';

export type { RetryPolicy } from './retry-on-conflict.js';

export interface CommandHandlerOptions {
  readonly store: EventStore;
  readonly registry: AggregateRegistry;
  /** Makes aggregate ids (for commands without one) and correlation ids. */
  readonly newId: () => string;
  readonly cache?: SnapshotCache;
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
  /**
   * The secret that keys the hashes of unique values (the ids of their claims). Set it once per
   * deployment and keep it: claims made under another secret are not found (default: a fixed
   * salt, with the tenant; the claims stay unreadable by clients either way).
   */
  readonly uniqueSecret?: string;
}

export interface CommandHandler {
  command(actor: Actor, name: string, input: CommandInput, metadata?: CommandMetadata): Promise<CommandResult>;
  /** Rebuilds an aggregate of the actor's tenant from its events, up to `version` (time travel). */
  load(actor: Actor, type: string, id: string, version?: number): Promise<{ version: number; state: unknown }>;
}

/**
 * The seed's `CommandHandler`: plans a command (actor, role, payload), then in each attempt
 * reads the aggregate (cache or one snapshot read) and any earlier commit under the request's
 * Idempotency-Key, decides, and commits the events, the snapshot and the record in one atomic
 * write. Without an expected version a lost race is retried on fresh state.
 */
export function createCommandHandler(options: CommandHandlerOptions): CommandHandler {
  const { registry, newId, cache } = options;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const deadlineMs = options.deadlineMs ?? 8_000;
  const maxSnapshotBytes = options.maxSnapshotBytes ?? 256 * 1024;
  const idempotencyTtlMs = options.idempotencyTtlMs ?? 24 * 60 * 60 * 1000;
  const clock = options.clock ?? (() => new Date());
  const uniqueSecret = options.uniqueSecret ?? DEFAULT_UNIQUE_SECRET;
  const settings: AttemptSettings = { cache, maxSnapshotBytes, idempotencyTtlMs, clock, uniqueSecret };
  const inTurn = oneAtATime();

  function command(
    actor: Actor,
    name: string,
    input: CommandInput,
    metadata: CommandMetadata = {},
  ): Promise<CommandResult> {
    // One span per command, named after the command once it is known to be registered (a name
    // the caller made up never becomes a span's name): the command, its type and its tenant;
    // never the payload, the aggregate's id or the actor.
    return inSpan('command', {}, async (span) => {
      const route = registry.command(name);
      if (route && span.isRecording()) {
        span.updateName(`command ${route.name}`);
        span.setAttributes({ [ATTRIBUTES.command]: route.name, [ATTRIBUTES.aggregateType]: route.aggregate.type });
      }
      const plan = planCommand(registry, newId, actor, name, input, metadata);
      if (span.isRecording()) span.setAttribute(ATTRIBUTES.tenant, plan.stream.tenant);
      const deadline = Date.now() + deadlineMs;
      const result = await inTurn(plan.stream, deadline, () => run(plan, withDeadline(options.store, deadline), span));
      if (span.isRecording()) {
        span.setAttributes({ [ATTRIBUTES.version]: result.version, [ATTRIBUTES.events]: result.events.length });
        if (result.replayed) span.setAttribute('event_store.replayed', true);
      }
      return result;
    });
  }

  async function run(plan: CommandPlan, store: EventStore, span: Span): Promise<CommandResult> {
    // With an expected version the caller owns the conflict (412); without one we retry with fresh state.
    const { expectedVersion } = plan;
    if (expectedVersion !== undefined) {
      return attemptCommand(settings, store, plan, undefined).catch((error: unknown) => {
        throw isAppError(error, 'CONCURRENCY') ? Err.versionMismatch(expectedVersion) : error;
      });
    }
    return retryOnConflict(
      retry,
      `${plan.stream.type} ${plan.stream.id}`,
      (lostAt) => attemptCommand(settings, store, plan, lostAt),
      // A lost race, then a retry on fresh state: an event on the command's span, not a span of its own.
      (attemptNumber) => span.addEvent('conflict', { [ATTRIBUTES.attempt]: attemptNumber }),
    );
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
    return { version: rebuilt.version, state: rebuilt.state };
  }

  return { command, load };
}
