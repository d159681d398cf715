import type { SecretParam } from 'firebase-functions/params';
import { onSchedule } from 'firebase-functions/v2/scheduler';
import type { StreamReader } from '@firebase-event-store/kernel';
import { inSpan } from '@firebase-event-store/kernel/internal';
import { log } from '../structured-log.js';
import { flushTraces, startTracing } from '../tracing/tracing.js';
import { reportRuns, reportTimerRuns } from './report-runs.js';
import { runScheduled } from './scheduled-run.js';

/**
 * Every minute, the safety net and the workflows' clock: polls every tenant with pending work,
 * then fires the due timers (`runScheduled`), within 50 seconds, in a span of its own.
 */
export const scheduledReader = (reader: StreamReader, secrets: SecretParam[] = []) =>
  onSchedule({ schedule: 'every 1 minutes', timeoutSeconds: 60, retryCount: 0, secrets }, async () => {
    await startTracing();
    try {
      await inSpan('readPending', {}, async () => {
        const { runs, timers, errors } = await runScheduled(reader);
        reportRuns(runs);
        reportTimerRuns(timers);
        if (errors.poll) log.error('the scheduled reader could not run', { error: errors.poll });
        if (errors.timers) log.error('the scheduled run could not fire the due timers', { error: errors.timers });
      });
    } finally {
      await flushTraces();
    }
  });
