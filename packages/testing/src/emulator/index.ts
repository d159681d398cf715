/**
 * @firebase-event-store/testing/emulator: the Emulator Suite through firebase-tools, or Google's
 * Firestore emulator alone, on free loopback ports (started and stopped as the process trees they
 * are, with a Java 21+ found off PATH when needed), and firebase-admin's Firestore on it,
 * refusing anything that is not a loopback host and a demo- project.
 */
export * from './emulator-suite.js';
export * from './firestore-emulator.js';
export * from './firestore-emulator-jar.js';
export * from './free-port.js';
export * from './java-runtime.js';
export * from './process-group.js';
export * from './emulator-firestore.js';
export * from './vitest-firestore.js';
export * from './tenant-documents.js';
