/**
 * @firebase-event-store/functions: Cloud Functions for Firebase from one catalog (the command
 * API, the onCreate trigger, the scheduled reader), their configuration as firebase-functions
 * params, and the security rules the catalog implies. The HTTP app alone: `./http`.
 */
export * from './create-functions.js';
export * from './config.js';
export * from './firestore-rules.js';
export { eventCreatedTrigger } from './triggers/event-created-trigger.js';
export { scheduledReader } from './triggers/scheduled-reader.js';
export * from './deployment.js';
export * from './keys/cloud-kms-key-wrapper.js';
export * from './new-user-claims.js';
