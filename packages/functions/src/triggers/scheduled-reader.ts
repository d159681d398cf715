import { onSchedule } from 'firebase-functions/v2/scheduler';
import { pollPending } from '@firebase-event-store/kernel';
import type { StreamReader } from '@firebase-event-store/kernel';
import { log } from '../structured-log.js';
import { inSpan } from '../tracing/in-span.js';
import { flushTraces, startTracing } from '../tracing/tracing.js';
import { reportRuns } from './report-runs.js';

/** Every minute, the safety net: polls every tenant with pending work, within 50 seconds, in a span of its own. */
export const scheduledReader = (reader: StreamReader) =>
  onSchedule({ schedule: 'every 1 minutes', timeoutSeconds: 60, retryCount: 0 }, async () => {
    await startTracing();
    try {
      await inSpan('readPending', {}, async () => {
        try {
          reportRuns(await pollPending(reader, { deadline: Date.now() + 50_000 }));
        } catch (error) {
          log.error('the scheduled reader could not run', { error });
        }
      });
    } finally {
      await flushTraces();
    }
  });
