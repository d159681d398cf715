import { context, propagation, SpanKind, trace, type Link } from '@opentelemetry/api';
import type { SecretParam } from 'firebase-functions/params';
import { onDocumentCreated } from 'firebase-functions/v2/firestore';
import type { StreamReader } from '@firebase-event-store/kernel';
import { inSpan } from '@firebase-event-store/kernel/internal';
import { wakeReader } from '@firebase-event-store/kernel';
import { log } from '../structured-log.js';
import { flushTraces, startTracing } from '../tracing/tracing.js';
import { reportRuns } from './report-runs.js';

/** A link to the trace that committed the event (its `meta.traceparent`), when it was traced. */
function commitLink(traceparent: unknown): Link[] {
  if (typeof traceparent !== 'string') return [];
  const committed = trace.getSpanContext(propagation.extract(context.active(), { traceparent }));
  return committed ? [{ context: committed }] : [];
}

/**
 * Runs when an event document is created. It does not apply the event: it wakes the tenant's
 * reader, which reads the log in order, so deliveries that come twice, late or shuffled change
 * nothing. It always returns success: failures are the reader's to count and dead-letter.
 *
 * Its span continues the trace the platform gives the delivery (the CloudEvent's `traceparent`,
 * as firebase-functions' own logger does), links to the commit's trace, and holds the reader's
 * spans (which link to each event's commit in turn).
 */
export const eventCreatedTrigger = (reader: StreamReader, secrets: SecretParam[] = []) =>
  onDocumentCreated({ document: 'tenants/{tenant}/events/{eventId}', timeoutSeconds: 60, secrets }, async (event) => {
    await startTracing();
    const { traceparent } = event as { traceparent?: unknown };
    const delivered = propagation.extract(context.active(), { traceparent });
    try {
      await context.with(delivered, () =>
        inSpan(
          'onEventCreated',
          {
            kind: SpanKind.CONSUMER,
            attributes: { 'event_store.tenant': event.params.tenant },
            links: commitLink(event.data?.get('meta.traceparent')),
          },
          async () => {
            try {
              reportRuns(await wakeReader(reader, event.params.tenant, { deadline: Date.now() + 50_000 }));
            } catch (error) {
              log.error('the reader could not run; the schedule will retry', { tenant: event.params.tenant, error });
            }
          },
        ),
      );
    } finally {
      await flushTraces();
    }
  });
