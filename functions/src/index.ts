/** The deployed functions, and nothing else. */
import { onRequest } from 'firebase-functions/v2/https';
import { api as app } from './composition.js';

/** The command API: `POST /commands/:name` with a Firebase ID token (see README). */
export const api = onRequest({ invoker: 'public', cors: false }, app);
