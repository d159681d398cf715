import type { AnyAggregate } from '../domain/aggregate.js';
import type { EventStore, StreamKey } from './event-store.js';
import { deepFreeze, replay, schemaVersionOf } from './replay.js';
import type { CachedAggregate, SnapshotCache } from './snapshot-cache.js';
import { traced, type Tracer } from './tracer.js';

export interface LoadDependencies {
  readonly store: EventStore;
  readonly cache: SnapshotCache | undefined;
  readonly tracer: Tracer | undefined;
}

/**
 * The state a command decides on, read the cheapest way that is still correct:
 * - warm: from the cache, no I/O (a stale entry is caught by the commit's guard);
 * - cold: one snapshot read;
 * - outdated snapshot (older `schemaVersion`): replay the stream;
 * - `fresh` (after a conflict): skip the cache, and if the snapshot is missing check whether the
 *   stream has events anyway (an operator deleted it) and replay them.
 * A missing snapshot on the cold path means a new aggregate: snapshots are written atomically
 * with events, so the one extra query is paid only on the conflict path.
 */
export async function loadCurrent(
  { store, cache, tracer }: LoadDependencies,
  aggregate: AnyAggregate,
  stream: StreamKey,
  fresh: boolean,
): Promise<CachedAggregate> {
  if (!fresh) {
    const hit = cache?.get(stream);
    if (hit) return hit;
  }
  const snapshot = await traced(tracer, 'load', { ...stream, fresh }, () => store.loadSnapshot(stream));
  let current: CachedAggregate;
  if (snapshot && snapshot.schema === schemaVersionOf(aggregate)) {
    current = { version: snapshot.version, state: deepFreeze(snapshot.state), revision: snapshot.revision };
  } else if (snapshot || (fresh && (await store.streamVersion(stream)) > 0)) {
    const rebuilt = await traced(tracer, 'replay', { ...stream }, () => replay(store, aggregate, stream));
    current = { ...rebuilt, revision: snapshot?.revision };
  } else {
    current = { version: 0, state: deepFreeze(aggregate.init()), revision: undefined };
  }
  cache?.set(stream, current);
  return current;
}
