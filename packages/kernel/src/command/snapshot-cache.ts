import { LRUCache } from 'lru-cache';
import type { StreamKey } from '../ports/event-store.js';

/** What the command handler knows about a stream after its last read or commit. */
export interface CachedAggregate {
  readonly version: number;
  readonly state: unknown;
  /** The state may hold personal data: it is never cached (see `holdsPersonalData`). */
  readonly personal?: boolean;
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
    // A state with personal data is read from its snapshot every time, so that after its subject
    // is forgotten no process holds it in plain and writes it back with its next commit.
    set: (stream, value) => void (value.personal ? lru.delete(keyOf(stream)) : lru.set(keyOf(stream), value)),
    delete: (stream) => void lru.delete(keyOf(stream)),
  };
}
