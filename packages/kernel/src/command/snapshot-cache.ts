import { LRUCache } from 'lru-cache';
import type { StreamKey } from '../ports/event-store.js';

/** What the command handler knows about a stream after its last read or commit. */
export interface CachedAggregate {
  readonly version: number;
  readonly state: unknown;
}

/**
 * Keeps the latest state of recently used aggregates in this process, so a warm command is a
 * single commit with no read. A stale entry is harmless: the commit's guard rejects it and the
 * handler reloads. Keys carry the tenant and the type, so entries never cross either.
 */
export interface SnapshotCache {
  get(stream: StreamKey): CachedAggregate | undefined;
  set(stream: StreamKey, value: CachedAggregate): void;
  delete(stream: StreamKey): void;
}

const keyOf = ({ tenant, type, id }: StreamKey) => `${tenant}/${type}/${id}`;

export function createSnapshotCache(maxEntries = 10_000): SnapshotCache {
  const lru = new LRUCache<string, CachedAggregate>({ max: maxEntries });
  return {
    get: (stream) => lru.get(keyOf(stream)),
    set: (stream, value) => void lru.set(keyOf(stream), value),
    delete: (stream) => void lru.delete(keyOf(stream)),
  };
}
