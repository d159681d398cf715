import { pollPending, type HandlerRun, type StreamReader, type TimerRun } from '@firebase-event-store/kernel';

/**
 * The minute of the scheduled function (its timeout is 60 s): the tenants' reader runs until
 * 40 s in, the workflows' timers start firing until 50 s in. Each store call is bounded (10 s),
 * so a stalled Firestore ends both parts within the minute; what is left waits for the next run.
 */
export const SCHEDULE = { pollMs: 40_000, timersMs: 50_000, timerLimit: 100 } as const;

export interface ScheduledRun {
  readonly runs: readonly HandlerRun[];
  readonly timers: readonly TimerRun[];
  /** A part that could not run at all (its first query failed), by part. */
  readonly errors: { readonly poll?: unknown; readonly timers?: unknown };
}

/**
 * What the every-minute schedule does: polls every tenant with pending work, then fires the
 * workflows' due timers. A part that fails does not keep the other from running.
 */
export async function runScheduled(reader: StreamReader, now: () => number = Date.now): Promise<ScheduledRun> {
  const start = now();
  const errors: { poll?: unknown; timers?: unknown } = {};
  const runs = await pollPending(reader, { deadline: start + SCHEDULE.pollMs, now }).catch((error: unknown) => {
    errors.poll = error;
    return [];
  });
  const timers = await reader
    .fireDueTimers({ now: new Date(now()), limit: SCHEDULE.timerLimit, deadline: start + SCHEDULE.timersMs })
    .catch((error: unknown) => {
      errors.timers = error;
      return [];
    });
  return { runs, timers, errors };
}
