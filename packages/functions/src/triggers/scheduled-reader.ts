import { logger } from 'firebase-functions';
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { pollPending } from '@firebase-event-store/kernel';
import type { StreamReader } from '@firebase-event-store/kernel';
import { reportRuns } from './report-runs.js';

/** Every minute, the safety net: polls every tenant with pending work, within 50 seconds. */
export const scheduledReader = (reader: StreamReader) =>
  onSchedule({ schedule: 'every 1 minutes', timeoutSeconds: 60, retryCount: 0 }, async () => {
    try {
      reportRuns(await pollPending(reader, { deadline: Date.now() + 50_000 }));
    } catch (error) {
      logger.error('the scheduled reader could not run', { error });
    }
  });
