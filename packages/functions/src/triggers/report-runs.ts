import { logger } from 'firebase-functions';
import type { HandlerRun, TimerRun } from '@firebase-event-store/kernel';

/** Logs what needs an operator's eye; a reader problem never fails the function (no endless platform retries). */
export function reportRuns(runs: readonly HandlerRun[]) {
  for (const run of runs) {
    if (run.status === 'failed' || run.status === 'error') logger.warn('event handler run did not finish', run);
    if (run.status === 'dead-lettered') logger.error('event handler stopped on a dead letter', run);
  }
}

/**
 * The same for the workflows' timers: a failed one stays due, and the next run tries it again;
 * one that failed as often as the retry budget allows is stopped, and needs an operator.
 */
export function reportTimerRuns(timers: readonly TimerRun[]) {
  for (const timer of timers) {
    if (timer.status === 'failed') logger.warn('workflow timer did not fire', timer);
    if (timer.status === 'dead-lettered') logger.error('workflow timer stopped after failing', timer);
  }
}
