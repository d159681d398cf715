import type { CommittedEvent } from '../ports/event-store.js';
import type { DeadLetter, HandlerFailure, ReaderKey } from '../ports/reader-store.js';

/** An error as a handler run or a dead letter reports it: its message, at most 1,000 characters. */
export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 1000);

/** A handler's failure at an event, and its dead letter once the retry budget is spent. */
export interface FailureStep {
  readonly failure: HandlerFailure;
  readonly deadLetter?: DeadLetter;
}

/**
 * Counts a failure against the event: one more attempt when the handler last failed on the same
 * event (each run tries it once), and a dead letter when `retryBudget` runs have failed on it.
 */
export function failureAt(
  { retryBudget, now }: { readonly retryBudget: number; readonly now: () => number },
  key: ReaderKey,
  previous: HandlerFailure | null,
  event: CommittedEvent,
  error: unknown,
): FailureStep {
  const attempts = (previous?.eventId === event.id ? previous.attempts : 0) + 1;
  const failure = { position: event.position!, eventId: event.id, attempts, error: messageOf(error) };
  if (attempts < retryBudget) return { failure };
  return { failure, deadLetter: { ...failure, ...key, at: new Date(now()).toISOString() } };
}
