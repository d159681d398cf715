import { setTimeout } from 'node:timers/promises';
import pRetry from 'p-retry';
import { z } from 'zod';
import { ActorSchema, safeId, type Actor } from '../domain/actor.js';
import { Err, isAppError } from '../domain/err.js';
import type { AggregateRegistry, CommandRoute } from './aggregate-registry.js';
import { handlerOf } from './event-handler.js';
import type { CommittedEvent, EventMeta, EventStore, StreamKey } from './event-store.js';
import { toFieldIssues } from './field-issues.js';
import { loadCurrent, type Freshness } from './load-current.js';
import { priorResult, recordKey, type IdempotencyRequest } from './idempotency.js';
import { fold, replay, schemaVersionOf } from './replay.js';
import type { SnapshotCache } from './snapshot-cache.js';
import { traced, type Tracer } from './tracer.js';

/** `{ aggregateId?, expectedVersion?, ...payload }`, as in the seed library. */
export type CommandInput = Readonly<Record<string, unknown>>;

export interface CommandMetadata {
  readonly correlationId?: string;
  readonly causationId?: string;
  /** Makes the command safe to retry: a second request with this key commits nothing again. */
  readonly idempotency?: IdempotencyRequest;
}

export interface CommandResult {
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly version: number;
  readonly events: readonly CommittedEvent[];
  readonly state: unknown;
  /** True when this answers a retry: the result of the earlier commit under the same key. */
  readonly replayed?: boolean;
}

export interface RetryPolicy {
  /** Attempts in all, the first included, when the caller gave no expected version. */
  readonly attempts: number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
}

export interface CommandHandlerOptions {
  readonly store: EventStore;
  readonly registry: AggregateRegistry;
  /** Makes aggregate ids (for commands without one) and correlation ids. */
  readonly newId: () => string;
  readonly cache?: SnapshotCache;
  readonly tracer?: Tracer;
  readonly retry?: Partial<RetryPolicy>;
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

/** Everything one command needs, validated, before the first attempt. */
interface Plan {
  readonly route: CommandRoute;
  readonly stream: StreamKey;
  readonly payload: unknown;
  readonly expectedVersion: number | undefined;
  readonly meta: EventMeta;
  readonly actor: Actor;
  /** With the record key, not the caller's key. */
  readonly idempotency: IdempotencyRequest | undefined;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 25, minDelayMs: 5, maxDelayMs: 250 };

/** The fields every command body may carry besides its payload (also in the OpenAPI document). */
export const CommandEnvelope = z.object({
  aggregateId: safeId('aggregateId').optional(),
  expectedVersion: z.int().min(0).optional(),
});

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw Err.invalidArgument(`Invalid ${what}`, toFieldIssues(result.error));
  return result.data;
}

/** Frozen actors already checked: the HTTP layer hands the same one over for every request of a token. */
const checkedActors = new WeakSet<Actor>();

/** The actor comes from a verified token; one that does not fit the rules is not let in. */
function authenticate(actor: Actor): Actor {
  if (checkedActors.has(actor)) return actor;
  const result = ActorSchema.safeParse(actor);
  if (!result.success) throw Err.forbidden('Not a valid actor for this API');
  if (Object.isFrozen(actor) && Object.isFrozen(actor.roles)) checkedActors.add(actor);
  return result.data;
}

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '');

export function createCommandHandler(options: CommandHandlerOptions): CommandHandler {
  const { store, registry, newId, cache, tracer } = options;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const maxSnapshotBytes = options.maxSnapshotBytes ?? 256 * 1024;
  const idempotencyTtlMs = options.idempotencyTtlMs ?? 24 * 60 * 60 * 1000;
  const clock = options.clock ?? (() => new Date());
  const loading = { store, cache, tracer };

  function authorize(actor: Actor, route: CommandRoute) {
    const { roles } = route.command;
    if (roles && !roles.some((role) => actor.roles.includes(role))) {
      throw Err.forbidden(`${route.name} requires one of the roles: ${roles.join(', ')}`);
    }
  }

  /**
   * One attempt: decide on the current state and commit; throws CONCURRENCY if it lost a race,
   * and then records in `progress` the version it lost on, so the next attempt reads past it.
   */
  async function attempt(plan: Plan, progress: { lostAt?: number }): Promise<CommandResult> {
    const { route, stream, payload, expectedVersion, meta, actor, idempotency } = plan;
    const { aggregate, command } = route;
    const freshness: Freshness =
      progress.lostAt === undefined ? { kind: 'cached' } : { kind: 'past', version: progress.lostAt };
    // A retry of a request that already committed is answered before any check of the version.
    const [loaded, prior] = await Promise.all([
      loadCurrent(loading, aggregate, stream, freshness),
      idempotency && priorResult(store, stream.tenant, idempotency),
    ]);
    if (prior) return prior;
    let current = loaded;
    if (expectedVersion !== undefined && current.version !== expectedVersion && freshness.kind === 'cached') {
      current = await loadCurrent(loading, aggregate, stream, { kind: 'store' }); // the cache may be behind
    }
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw Err.versionMismatch(expectedVersion, current.version);
    }
    if (command.requires === 'new' && current.version > 0) {
      throw Err.precondition('aggregate-exists', `${aggregate.type} ${stream.id} already exists`);
    }
    if (command.requires === 'existing' && current.version === 0) {
      throw Err.notFound(`${aggregate.type} ${stream.id} does not exist`);
    }
    const context = { actor, aggregateId: stream.id, version: current.version };
    const events = command.handle(current.state, payload, context).map((event) => {
      const schema = handlerOf(aggregate.events, event.name);
      if (!schema?.safeParse(event.data).success) {
        throw Err.internal(`${route.name} emitted an invalid ${String(event.name)} event`);
      }
      return event;
    });
    const state = fold(aggregate, current.state, events);
    const result = { aggregateType: aggregate.type, aggregateId: stream.id, version: current.version, state };
    if (events.length === 0) return { ...result, events: [] };
    if (jsonBytes(state) > maxSnapshotBytes) {
      throw Err.precondition('snapshot-size', `${aggregate.type} ${stream.id} would exceed ${maxSnapshotBytes} bytes`);
    }
    try {
      const committed = await traced(tracer, 'commit', { ...stream, command: route.name }, () =>
        store.commit({
          stream,
          expectedVersion: current.version,
          events,
          snapshot: { state, schema: schemaVersionOf(aggregate) },
          meta,
          ...(idempotency && {
            idempotency: { ...idempotency, expiresAt: new Date(clock().getTime() + idempotencyTtlMs) },
          }),
        }),
      );
      const version = current.version + events.length;
      cache?.set(stream, { version, state });
      return { ...result, version, events: committed };
    } catch (error) {
      cache?.delete(stream); // whatever happened, the next attempt reads the store
      if (isAppError(error, 'CONCURRENCY')) progress.lostAt = current.version;
      throw error;
    }
  }

  async function command(
    actor: Actor,
    name: string,
    input: CommandInput,
    metadata: CommandMetadata = {},
  ): Promise<CommandResult> {
    const who = authenticate(actor);
    const route = registry.command(name);
    if (!route) throw Err.notFound(`Unknown command ${name}`);
    authorize(who, route);
    const { aggregateId, expectedVersion: expected, ...rest } = input;
    const envelope = parse(CommandEnvelope, { aggregateId, expectedVersion: expected }, 'command');
    const payload = parse(route.command.payload, rest, `${name} payload`);
    if (envelope.aggregateId === undefined && route.command.requires === 'existing') {
      throw Err.invalidArgument(`${name} needs an aggregateId`, [{ pointer: '/aggregateId', message: 'Required' }]);
    }
    const stream = { tenant: who.tenant, type: route.aggregate.type, id: envelope.aggregateId ?? newId() };
    const meta: EventMeta = {
      actor: { id: who.id, name: who.name },
      command: name,
      correlationId: metadata.correlationId ?? newId(),
      causationId: metadata.causationId ?? null,
    };
    const { expectedVersion } = envelope;
    const idempotency = metadata.idempotency && {
      key: recordKey(who.id, metadata.idempotency.key),
      fingerprint: metadata.idempotency.fingerprint,
    };
    const plan: Plan = { route, stream, payload, expectedVersion, meta, actor: who, idempotency };
    // With an expected version the caller owns the conflict; without one we retry with fresh state.
    const retries = expectedVersion === undefined ? retry.attempts - 1 : 0;
    try {
      const progress = {};
      if (retries === 0) return await attempt(plan, progress); // nothing to retry: skip the machinery
      return await pRetry(() => attempt(plan, progress), {
        retries,
        minTimeout: 0, // the delay is ours, below: p-retry's own jitter keeps contenders in step
        shouldRetry: ({ error }) => isAppError(error, 'CONCURRENCY'),
        onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
          if (!isAppError(error, 'CONCURRENCY') || retriesLeft === 0) return;
          tracer?.({ step: 'conflict', ms: 0, ...stream, attemptNumber });
          // "Full jitter": a random wait up to an exponentially growing cap spreads contenders out.
          const cap = Math.min(retry.maxDelayMs, retry.minDelayMs * 2 ** (attemptNumber - 1));
          await setTimeout(Math.random() * cap);
        },
      });
    } catch (error) {
      if (!isAppError(error, 'CONCURRENCY')) throw error;
      // Lost to a request with the same key? Then its commit is the answer.
      const prior = idempotency && (await priorResult(store, stream.tenant, idempotency));
      if (prior) return prior;
      if (expectedVersion !== undefined) throw Err.versionMismatch(expectedVersion);
      throw Err.concurrency(
        `${route.aggregate.type} ${stream.id} kept changing; gave up after ${retry.attempts} attempts`,
        error,
      );
    }
  }

  async function load(actor: Actor, type: string, id: string, version?: number) {
    const who = authenticate(actor);
    const aggregate = registry.aggregate(type);
    if (!aggregate) throw Err.notFound(`Unknown aggregate type ${type}`);
    const stream = { tenant: who.tenant, type, id: parse(safeId('id'), id, 'aggregate id') };
    const rebuilt = await replay(store, aggregate, stream, version);
    if (rebuilt.version === 0) throw Err.notFound(`${type} ${id} does not exist`);
    return rebuilt;
  }

  return { command, load };
}
