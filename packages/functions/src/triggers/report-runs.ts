import type { HandlerRun } from '@firebase-event-store/kernel';
import { log } from '../structured-log.js';

/** Logs what needs an operator's eye; a reader problem never fails the function (no endless platform retries). */
export function reportRuns(runs: readonly HandlerRun[]) {
  for (const run of runs) {
    if (run.status === 'failed' || run.status === 'error') log.warn('event handler run did not finish', run);
    if (run.status === 'dead-lettered') log.error('event handler stopped on a dead letter', run);
  }
}
