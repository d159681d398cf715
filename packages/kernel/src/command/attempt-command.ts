import { Err, isAppError, type ErrorCode } from '../err.js';
import type { CommandPlan } from './command-plan.js';
import type { CommandResult } from './command-result.js';
import { decideCurrent } from './decide-current.js';
import type { EventMeta, EventStore } from '../ports/event-store.js';
import { priorResult } from './idempotency.js';
import { loadCurrent, type Freshness } from './load-current.js';
import { schemaVersionOf } from './replay.js';
import { holdsPersonalData } from '../personal/personal-fields.js';
import type { SnapshotCache } from './snapshot-cache.js';
import { activeTraceparent, ATTRIBUTES, inSpan } from '../tracing.js';
import { uniqueChanges } from './unique-changes.js';

export interface AttemptSettings {
  readonly cache: SnapshotCache | undefined;
  /** Largest snapshot state, as JSON bytes. */
  readonly maxSnapshotBytes: number;
  /** How long an idempotency record answers retries. */
  readonly idempotencyTtlMs: number;
  readonly clock: () => Date;
  /** Keys the hashes of unique values (see `uniqueKey`). */
  readonly uniqueSecret: string;
}

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
 * One attempt of a planned command: reads the aggregate (cache or one snapshot read) and any
 * earlier commit under the request's Idempotency-Key, decides, and commits the events, the
 * snapshot and the record in one atomic write. `lostAt`: the version a previous attempt's commit lost on (the stream is past
 * it). Throws CONCURRENCY, with that version as `expectedVersion`, when this one loses too.
 */
export async function attemptCommand(
  settings: AttemptSettings,
  store: EventStore,
  plan: CommandPlan,
  lostAt: number | undefined,
): Promise<CommandResult> {
  const { cache, maxSnapshotBytes, idempotencyTtlMs, clock, uniqueSecret } = settings;
  const { route, stream, meta, idempotency } = plan;
  const loading = { store, cache };
  const freshness: Freshness = lostAt === undefined ? { kind: 'cached' } : { kind: 'past', version: lostAt };
  // A retry of a request that already committed is answered before any check of the version.
  // Consulted aggregates: one snapshot read each, never the cache (a stale one would only lose).
  const [loaded, prior, consulted] = await Promise.all([
    loadCurrent(loading, route.aggregate, stream, freshness),
    idempotency && priorResult(store, stream.tenant, idempotency),
    Promise.all(
      plan.consults.map(async ({ stream: other, aggregate }) => {
        const { current } = await loadCurrent({ store, cache: undefined }, aggregate, other, {
          kind: 'cached',
        });
        const { version, state } = current;
        return { type: other.type, id: other.id, version, state };
      }),
    ),
  ]);
  if (prior) return prior;
  try {
    // A decision on the cache that commits nothing is made again on the stored state.
    const decision = await inSpan('command.decide', {}, () =>
      decideCurrent(loading, plan, loaded, maxSnapshotBytes, consulted),
    );
    const { version, events, state } = decision;
    const result = { aggregateType: stream.type, aggregateId: stream.id, version, state };
    if (events.length === 0) return { ...result, events: [] };
    const personal = decision.personal || holdsPersonalData(route.aggregate, events);
    const unique = uniqueChanges(route.aggregate, stream, decision.before, state, uniqueSecret);
    const committed = await inSpan('command.commit', { attributes: { [ATTRIBUTES.events]: events.length } }, () =>
      store
        .commit({
          stream,
          expectedVersion: version,
          events,
          snapshot: { state, schema: schemaVersionOf(route.aggregate), ...(personal && { personal }) },
          meta: withTraceparent(meta),
          ...(unique && { unique }),
          ...(consulted.length > 0 && {
            consulted: consulted.map(({ type, id, version: at }) => ({ stream: { ...stream, type, id }, version: at })),
          }),
          ...(idempotency && {
            idempotency: { ...idempotency, expiresAt: new Date(clock().getTime() + idempotencyTtlMs) },
          }),
        })
        .catch((error: unknown) => {
          cache?.delete(stream); // whatever happened, the next attempt reads the store
          throw isAppError(error, 'CONCURRENCY') ? Err.concurrency(error.message, error, version) : error;
        }),
    );
    cache?.set(stream, { version: version + events.length, state, personal });
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

/**
 * The events' metadata with the commit's span as their `traceparent`: from an event, a reader's
 * spans link back to the request that committed it. Without a span (no SDK) the metadata is as it was.
 */
function withTraceparent(meta: EventMeta): EventMeta {
  const traceparent = activeTraceparent();
  return traceparent === undefined ? meta : { ...meta, traceparent };
}
