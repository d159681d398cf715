/** The deployed functions: the command API, the onCreate trigger and the scheduled reader. */
import { createFunctions } from '@firebase-event-store/functions';
import { catalog } from './catalog.js';

export const { api, onEventCreated, readPending } = createFunctions(catalog);
