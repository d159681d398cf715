import type { Span } from '@opentelemetry/api';
import type { AnyAggregate } from '../aggregate.js';
import type { EventStore, StreamKey } from '../ports/event-store.js';
import { deepFreeze, replay, schemaVersionOf } from './replay.js';
import type { CachedAggregate, SnapshotCache } from './snapshot-cache.js';
import { ATTRIBUTES, inSpan } from '../tracing.js';

export interface LoadDependencies {
  readonly store: EventStore;
  readonly cache: SnapshotCache | undefined;
}

/** How much to trust what is already known about a stream. */
export type Freshness =
  | { readonly kind: 'cached' } // the first attempt: the cache is fine
  | { readonly kind: 'store' } // skip the cache, trust the snapshot
  | { readonly kind: 'past'; readonly version: number }; // a commit on `version` just lost: the stream is past it

/** The state a command decides on, and whether it came from this process's cache (it may be behind). */
export interface Loaded {
  readonly current: CachedAggregate;
  readonly fromCache: boolean;
}

/**
 * The state a command decides on, read the cheapest way that is still correct:
 * - cached: no I/O (a stale entry is caught by the commit's guard, and a decision that commits
 *   nothing is made again on the stored state: see `decideCurrent`);
 * - otherwise one snapshot read. A missing snapshot means a new aggregate, and one built with
 *   an older `schemaVersion` is rebuilt from the events.
 * - after a lost commit the stream is known to be past the version it was based on. A snapshot
 *   that is not (an operator deleted or restored it) is rebuilt from the events, rather than
 *   failing every later command; so is a missing one (one paged read; an empty stream gives version 0).
 *   A snapshot ahead of its events makes the commit built on it fail (the store refuses an
 *   expected version that is not the stream's last), so it is rebuilt here too, and reported.
 */
export async function loadCurrent(
  { store, cache }: LoadDependencies,
  aggregate: AnyAggregate,
  stream: StreamKey,
  freshness: Freshness,
): Promise<Loaded> {
  if (freshness.kind === 'cached') {
    const hit = cache?.get(stream);
    if (hit) return { current: hit, fromCache: true };
  }
  // Only a load that reads the store is a span: a cache hit costs nothing to trace.
  const current = await inSpan(
    'command.load',
    { attributes: { [ATTRIBUTES.aggregateType]: stream.type, 'event_store.load.freshness': freshness.kind } },
    (span) => readCurrent(store, aggregate, stream, freshness, span),
  );
  cache?.set(stream, current);
  return { current, fromCache: false };
}

async function readCurrent(
  store: EventStore,
  aggregate: AnyAggregate,
  stream: StreamKey,
  freshness: Freshness,
  span: Span,
): Promise<CachedAggregate> {
  const snapshot = await store.loadSnapshot(stream);
  const past = freshness.kind === 'past' ? freshness.version : -1;
  if (snapshot && snapshot.schema === schemaVersionOf(aggregate) && snapshot.version > past) {
    span.setAttribute('event_store.load.from', 'snapshot');
    return { version: snapshot.version, state: deepFreeze(snapshot.state), personal: snapshot.personal === true };
  }
  if (snapshot || freshness.kind !== 'cached') {
    span.setAttribute('event_store.load.from', 'replay');
    // One paged read: an empty stream replays to version 0 and the initial state.
    const current = await inSpan('command.replay', {}, async (replaying) => {
      const replayed = await replay(store, aggregate, stream);
      replaying.setAttribute(ATTRIBUTES.version, replayed.version);
      return replayed;
    });
    // A commit on the snapshot's own version lost, and its events end before it: the snapshot
    // was not written by a commit (restored from a backup, imported). It is never built on.
    if (snapshot && snapshot.version > current.version)
      span.addEvent('snapshot_ahead', {
        'event_store.snapshot.version': snapshot.version,
        [ATTRIBUTES.version]: current.version,
      });
    return current;
  }
  span.setAttribute('event_store.load.from', 'new');
  return { version: 0, state: deepFreeze(aggregate.init()) };
}
