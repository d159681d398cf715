import { Err } from '../err.js';
import type { EventStore } from '../ports/event-store.js';
import { within } from './within.js';

const timedOut = () => Err.unavailable('The event store did not answer in time; try again', 5);

/**
 * The store as one command sees it: every call it makes (the snapshot and idempotency reads,
 * a replay's pages, the commit) must answer by the command's deadline, or the command fails
 * with UNAVAILABLE (503 with Retry-After), so a stalled database never holds a request longer.
 * A call that runs out of time is abandoned, not undone. A commit is atomic, so it lands whole
 * or not at all, and a retry with the same Idempotency-Key is answered from its record if it
 * landed after all.
 */
export function withDeadline(store: EventStore, deadline: number, now: () => number = Date.now): EventStore {
  const bounded = <T>(work: () => Promise<T>): Promise<T> => {
    const remaining = deadline - now();
    if (remaining <= 0) return Promise.reject(timedOut());
    return within(work(), remaining, timedOut);
  };
  return {
    ...store,
    loadSnapshot: (stream) => bounded(() => store.loadSnapshot(stream)),
    readIdempotency: (tenant, key) => bounded(() => store.readIdempotency(tenant, key)),
    commit: (commit) => bounded(() => store.commit(commit)),
    async *readStream(stream, options) {
      const events = store.readStream(stream, options)[Symbol.asyncIterator]();
      for (;;) {
        const next = await bounded(() => events.next());
        if (next.done) return;
        yield next.value;
      }
    },
  };
}
