import { Err } from '@firebase-event-store/kernel';

/** gRPC status codes Firestore reports (google.rpc.Code). */
/** An update's document is missing: in a commit, the event its expected version names. */
const NOT_FOUND = 5;
export const ALREADY_EXISTS = 6;
/** A write's precondition (exists, update time) did not hold. */
export const FAILED_PRECONDITION = 9;
const TRANSIENT = new Set([
  4 /* DEADLINE_EXCEEDED */, 8 /* RESOURCE_EXHAUSTED */, 10 /* ABORTED */, 14 /* UNAVAILABLE */,
]);

const codeOf = (error: unknown) =>
  typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
export const hasCode = (error: unknown, code: number) => codeOf(error) === code;

/**
 * Only the commit's own guards failing is a conflict: an event id that already exists, the
 * event of the expected version missing, or the next event of a consulted stream present. Transient failures become `UNAVAILABLE` (the outcome
 * of a commit that timed out is unknown: the caller must not assume either way); anything else
 * is rethrown as it is.
 */
export function translateCommitError(error: unknown, what: string): unknown {
  if (codeOf(error) === ALREADY_EXISTS) return Err.concurrency(`${what} changed concurrently`, error);
  if (codeOf(error) === NOT_FOUND) return Err.concurrency(`${what} is not at the version the commit expected`, error);
  // The only write with a precondition of its own: an aggregate the decision consulted moved on.
  if (codeOf(error) === FAILED_PRECONDITION)
    return Err.concurrency(`An aggregate ${what} consulted changed concurrently`, error);
  return translateError(error);
}

function translateError(error: unknown): unknown {
  const code = codeOf(error);
  return typeof code === 'number' && TRANSIENT.has(code)
    ? Err.unavailable('Firestore is unavailable; try again', 1, error)
    : error;
}

/** A read whose transient failures surface as `UNAVAILABLE` (503), like the commit's. */
export const read = <T>(work: Promise<T>): Promise<T> =>
  work.catch((error: unknown) => {
    throw translateError(error);
  });
