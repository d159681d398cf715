import { within } from '../command/within.js';
import type { EventStore } from '../ports/event-store.js';
import type { ReaderStore } from '../ports/reader-store.js';

/** A store call of a reader run did not answer within its deadline: the run gives up. */
export class CallTimedOut extends Error {
  override readonly name = 'CallTimedOut';
}

/** How a run that stopped on a store error reports it: a stall is not worth an immediate retry. */
export const errorStatus = (error: unknown) => (error instanceof CallTimedOut ? 'timed-out' : 'error');

/** The store calls a reader makes. */
const READER_CALLS = [
  'stepLog',
  'readLogState',
  'clearReadModel',
  'acquire',
  'advance',
  'release',
  'readerState',
  'releaseDeadLetter',
  'head',
  'deadLetters',
  'tenantsWithPendingWork',
  'readLog',
  'sequence',
] as const satisfies readonly (keyof (EventStore & ReaderStore))[];

type Call = (...args: unknown[]) => Promise<unknown>;

/**
 * The store as a reader sees it: every call must answer within `callMs`, or fails with
 * `CallTimedOut`, so a stalled database never holds a trigger's or the schedule's worker for
 * longer (the run stops there, and the next run goes on). A call abandoned this way is not
 * undone: every write of the reader is atomic, so it lands whole or not at all.
 */
export function withCallDeadlines<S extends EventStore & ReaderStore>(store: S, callMs: number): S {
  const bounded = Object.create(store) as Record<string, Call>;
  const calls = store as unknown as Record<string, Call>;
  for (const name of READER_CALLS) {
    bounded[name] = (...args) =>
      within(
        calls[name]!.apply(store, args),
        callMs,
        () => new CallTimedOut(`The event store did not answer ${name} within ${callMs} ms`),
      );
  }
  return bounded as unknown as S;
}
