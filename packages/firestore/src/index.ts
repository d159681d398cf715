/** @firebase-event-store/firestore: the Firestore adapter of the kernel's store ports. */

// The event store and its reader store
export { createFirestoreEventStore, type FirestoreEventStoreOptions } from './firestore-event-store.js';
export { firestorePaths } from './firestore-paths.js';

// Personal data: subject keys in Firestore
export {
  createFirestorePersonalData,
  type FirestorePersonalData,
  type FirestorePersonalDataOptions,
} from './firestore-personal-data.js';

// Reading documents directly (a field mask over gRPC) and counting billable operations
export {
  createDocumentReader,
  type DocumentReaderTarget,
  type ReadDocument,
  type StoredDocument,
} from './document-reader.js';
export { countFirestoreOperations, type OperationCounts } from './operation-counter.js';
