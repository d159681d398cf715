/** @firebase-event-store/firestore: the Firestore adapter of the kernel's store ports. */
export * from './firestore-event-store.js';
export * from './firestore-paths.js';
export { createDocumentReader, type DocumentReaderTarget, type ReadDocument } from './document-reader.js';
export * from './firestore-personal-data.js';
export { countFirestoreOperations, type OperationCounts } from './operation-counter.js';
