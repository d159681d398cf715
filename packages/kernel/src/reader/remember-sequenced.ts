import type { CommittedEvent, EventStore } from '../ports/event-store.js';

/** At most this many sequenced events are kept for one run's handlers (oldest dropped first). */
const REMEMBERED = 2_000;

/**
 * One reader run's view of the store: the events its own `sequence` calls positioned are kept,
 * and `readLog` answers from them while they continue the page asked for, so the handlers do
 * not query again what the sequencer just read (one read per event fewer, and the run is
 * faster: bench/RESULTS.md, the reader rows). A page served from memory ends where they stop;
 * that is safe because a handler that finds a short page asks `sequence` and `release` (which
 * reads the head) whether the log moved on before it calls itself caught up.
 */
export function rememberSequenced<S extends EventStore>(store: S): S {
  const remembered = new Map<string, CommittedEvent>();
  const at = (tenant: string, position: number) => `${tenant}/${position}`;
  // Over the store rather than a copy of its own properties: a store may inherit its methods.
  return Object.assign(Object.create(store) as S, {
    async sequence(tenant: string, options?: { readonly limit?: number }) {
      const events = await store.sequence(tenant, options);
      for (const event of events) remembered.set(at(tenant, event.position!), event);
      for (const oldest of remembered.keys()) {
        if (remembered.size <= REMEMBERED) break;
        remembered.delete(oldest);
      }
      return events;
    },
    async readLog(tenant: string, { after, limit }: { readonly after: number; readonly limit: number }) {
      const page: CommittedEvent[] = [];
      for (let position = after + 1; page.length < limit; position++) {
        const event = remembered.get(at(tenant, position));
        if (!event) break;
        page.push(structuredClone(event));
      }
      return page.length > 0 ? page : store.readLog(tenant, { after, limit });
    },
  } satisfies Pick<EventStore, 'sequence' | 'readLog'>);
}
