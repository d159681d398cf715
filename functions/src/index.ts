/** The deployed functions, and nothing else. */
import { setGlobalOptions } from 'firebase-functions/v2';
import { onRequest } from 'firebase-functions/v2/https';
import { api as app, reader } from './composition.js';
import { REGION } from './config.js';
import { eventCreatedTrigger } from './triggers/event-created-trigger.js';
import { scheduledReader } from './triggers/scheduled-reader.js';

/** Every function in one region, that of the Firestore database (functions/.env: REGION). */
setGlobalOptions({ region: REGION });

/**
 * The command API: `POST /commands/:name` with a Firebase ID token (see README). One instance
 * serves up to 80 requests at once (a command mostly waits on Firestore); a command answers
 * within about 10 s even when Firestore stalls, so 30 s is a generous ceiling.
 */
export const api = onRequest(
  { invoker: 'public', cors: false, concurrency: 80, cpu: 1, memory: '512MiB', timeoutSeconds: 30 },
  app,
);

/** Wakes the tenant's reader when an event is committed. */
export const onEventCreated = eventCreatedTrigger(reader);

/** The safety net: every minute, every tenant with pending work. */
export const readPending = scheduledReader(reader);
