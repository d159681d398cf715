import type { CommittedEvent, EventStore } from '../ports/event-store.js';

/** At most this many events are kept for one run's reactions (oldest dropped first). */
const REMEMBERED = 2_000;

/**
 * One reader run's memory of the log: the events its projections' steps read or positioned
 * are kept, and `readLog` answers from them while they continue the page asked for, so the
 * reactions do not query again what the steps just read (bench/RESULTS.md, the reader rows).
 * A page served from memory ends where they stop; that is safe because a reaction that finds a
 * short page asks `sequenceMore` and `release` (which reads the head) whether the log moved on
 * before it calls itself caught up.
 */
export function rememberEvents(store: Pick<EventStore, 'readLog'>, tenant: string) {
  const remembered = new Map<number, CommittedEvent>();
  return {
    remember(events: readonly CommittedEvent[]) {
      for (const event of events) remembered.set(event.position!, event);
      for (const oldest of remembered.keys()) {
        if (remembered.size <= REMEMBERED) break;
        remembered.delete(oldest);
      }
    },
    readLog: async (_tenant: string, { after, limit }: { readonly after: number; readonly limit: number }) => {
      const page: CommittedEvent[] = [];
      for (let position = after + 1; page.length < limit; position++) {
        const event = remembered.get(position);
        if (!event) break;
        page.push(structuredClone(event));
      }
      return page.length > 0 ? page : store.readLog(tenant, { after, limit });
    },
  };
}
