import { logger } from 'firebase-functions';
import type { SecretParam } from 'firebase-functions/params';
import { onSchedule } from 'firebase-functions/v2/scheduler';
import type { StreamReader } from '@firebase-event-store/kernel';
import { reportRuns, reportTimerRuns } from './report-runs.js';
import { runScheduled } from './scheduled-run.js';

/**
 * Every minute, the safety net and the workflows' clock: polls every tenant with pending work,
 * then fires the due timers (`runScheduled`), within 50 seconds.
 */
export const scheduledReader = (reader: StreamReader, secrets: SecretParam[] = []) =>
  onSchedule({ schedule: 'every 1 minutes', timeoutSeconds: 60, retryCount: 0, secrets }, async () => {
    const { runs, timers, errors } = await runScheduled(reader);
    reportRuns(runs);
    reportTimerRuns(timers);
    if (errors.poll) logger.error('the scheduled reader could not run', { error: errors.poll });
    if (errors.timers) logger.error('the scheduled run could not fire the due timers', { error: errors.timers });
  });
