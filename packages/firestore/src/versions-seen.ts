import { LRUCache } from 'lru-cache';
import type { StreamKey } from '@firebase-event-store/kernel';

/**
 * The highest version of each recently used stream that this process has seen exist: written
 * by its own commits or read back from the stream. Events are never deleted and versions have
 * no gaps, so every version up to it exists for good, and a commit that builds on one of them
 * needs no proof that it does. That keeps the warm command (the handler's cache holds the
 * version this process committed) at one write per event and one for the snapshot; any other
 * expected version carries a guard on its event in the commit (see `createFirestoreEventStore`).
 */
export function versionsSeen(maxStreams = 10_000) {
  const seen = new LRUCache<string, number>({ max: maxStreams });
  const keyOf = ({ tenant, type, id }: StreamKey) => `${tenant}/${type}/${id}`;
  return {
    /** Whether version `version` of the stream is known to exist (0 always does). */
    has: (stream: StreamKey, version: number) => version === 0 || (seen.get(keyOf(stream)) ?? 0) >= version,
    saw(stream: StreamKey, version: number) {
      const key = keyOf(stream);
      if ((seen.get(key) ?? 0) < version) seen.set(key, version);
    },
  };
}
