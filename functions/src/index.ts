/** The deployed functions, and nothing else. */
import { onRequest } from 'firebase-functions/v2/https';
import { api as app, reader } from './composition.js';
import { eventCreatedTrigger } from './triggers/event-created-trigger.js';
import { scheduledReader } from './triggers/scheduled-reader.js';

/** The command API: `POST /commands/:name` with a Firebase ID token (see README). */
export const api = onRequest({ invoker: 'public', cors: false }, app);

/** Wakes the tenant's reader when an event is committed. */
export const onEventCreated = eventCreatedTrigger(reader);

/** The safety net: every minute, every tenant with pending work. */
export const readPending = scheduledReader(reader);
