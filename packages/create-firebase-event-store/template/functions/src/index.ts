/**
 * The deployed functions: the command API, the onCreate trigger, the scheduled reader, and the
 * new users' claims when new-user-claims.ts sets a rule.
 */
import { createFunctions, newUserClaimsFunction } from '@firebase-event-store/functions';
import { catalog } from './catalog.js';
import { newUserClaims } from './new-user-claims.js';

export const { api, onEventCreated, readPending } = createFunctions(catalog);
export const beforeUserCreated = newUserClaims && newUserClaimsFunction(newUserClaims);
