import { Err } from '../err.js';
import type { StreamKey } from '../ports/event-store.js';
import { within } from './within.js';

/**
 * Runs the commands of one handler on one stream one after another. Commands racing on an
 * aggregate in one process would otherwise all read the same version, all but one lose the
 * commit, and back off blind: in turn, each reads the version its predecessor wrote (from the
 * cache: no read at all) and commits first time. Races between processes are still settled by
 * the store's optimistic concurrency and the retries. The wait for a turn counts against the
 * command's deadline, and ends in 503 when that runs out.
 */
export function oneAtATime() {
  const tails = new Map<string, Promise<unknown>>();
  return async <T>(stream: StreamKey, deadline: number, work: () => Promise<T>): Promise<T> => {
    const key = `${stream.tenant}/${stream.type}/${stream.id}`;
    const previous = tails.get(key);
    const mine = (async () => {
      if (previous) {
        const milliseconds = Math.max(0, deadline - Date.now());
        await within(
          previous.catch(() => undefined),
          milliseconds,
          () => Err.unavailable(`${stream.type} ${stream.id} is busy; try again`, 5),
        );
      }
      return work();
    })();
    const tail = mine.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await mine;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}
