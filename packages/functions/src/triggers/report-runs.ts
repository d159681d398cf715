import type { HandlerRun, TimerRun } from '@firebase-event-store/kernel';
import { log } from '../structured-log.js';

/** Logs what needs an operator's eye; a reader problem never fails the function (no endless platform retries). */
export function reportRuns(runs: readonly HandlerRun[]) {
  for (const run of runs) {
    if (run.status === 'failed' || run.status === 'error') log.warn('event handler run did not finish', run);
    if (run.status === 'dead-lettered') log.error('event handler stopped on a dead letter', run);
  }
}

/**
 * The same for the workflows' timers: a failed one stays due, and the next run tries it again;
 * one that failed as often as the retry budget allows is stopped, and needs an operator.
 */
export function reportTimerRuns(timers: readonly TimerRun[]) {
  for (const timer of timers) {
    if (timer.status === 'failed') log.warn('workflow timer did not fire', timer);
    if (timer.status === 'dead-lettered') log.error('workflow timer stopped after failing', timer);
  }
}
