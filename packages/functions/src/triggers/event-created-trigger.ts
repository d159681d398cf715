import { logger } from 'firebase-functions';
import type { SecretParam } from 'firebase-functions/params';
import { onDocumentCreated } from 'firebase-functions/v2/firestore';
import type { StreamReader } from '@firebase-event-store/kernel';
import { wakeReader } from '@firebase-event-store/kernel';
import { reportRuns } from './report-runs.js';

/**
 * Runs when an event document is created. It does not apply the event: it wakes the tenant's
 * reader, which reads the log in order, so deliveries that come twice, late or shuffled change
 * nothing. It always returns success: failures are the reader's to count and dead-letter.
 */
export const eventCreatedTrigger = (reader: StreamReader, secrets: SecretParam[] = []) =>
  onDocumentCreated({ document: 'tenants/{tenant}/events/{eventId}', timeoutSeconds: 60, secrets }, async (event) => {
    try {
      reportRuns(await wakeReader(reader, event.params.tenant, { deadline: Date.now() + 50_000 }));
    } catch (error) {
      logger.error('the reader could not run; the schedule will retry', { tenant: event.params.tenant, error });
    }
  });
