/**
 * @firebase-event-store/testing/emulator: Google's Firestore emulator on a free loopback port
 * (started and stopped as the process tree it is), and firebase-admin's Firestore on it,
 * refusing anything that is not a loopback host and a demo- project.
 */
export * from './firestore-emulator.js';
export * from './process-group.js';
export * from './emulator-firestore.js';
export * from './vitest-firestore.js';
export * from './tenant-documents.js';
export * from './emulator-suite.js';
export * from './connect-emulator-auth.js';
