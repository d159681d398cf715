/** @firebase-event-store/functions/http: the command API as an express app, built from its dependencies. */
export * from './create-app.js';
export * from './problem.js';
export * from './openapi.js';
export * from './auth/id-token.js';
export * from './auth/firebase-id-token.js';
export * from './auth/emulator-id-token.js';
export * from './auth/remote-key-set.js';
export * from './auth/revocation.js';
export * from './auth/app-check.js';
