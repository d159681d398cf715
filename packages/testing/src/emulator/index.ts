/**
 * @firebase-event-store/testing/emulator: Google's Firestore emulator on a free loopback port
 * (started and stopped as the process tree it is), and firebase-admin's Firestore on it,
 * refusing anything that is not a loopback host and a demo- project.
 */

// The emulator and the process tree it is
export { FIRESTORE_EMULATOR, freePort, type RunningEmulator, startFirestoreEmulator } from './firestore-emulator.js';
export { groupAlive, killTree, livingMembers, signalGroup, stopTree, treeGroups } from './process-group.js';

// firebase-admin's Firestore on it
export { connectEmulatorFirestore, TEST_PROJECT } from './emulator-firestore.js';
export { emulatorFirestore } from './vitest-firestore.js';

// What a tenant's documents hold
export { documentsHolding } from './tenant-documents.js';

// The Emulator Suite (firebase-tools) and the Auth emulator's users
export {
  type EmulatorSuite,
  type EmulatorSuiteConfig,
  type EmulatorSuiteOptions,
  startEmulatorSuite,
} from './emulator-suite.js';
export { connectEmulatorAuth, type EmulatorAuth, type SignedIn } from './connect-emulator-auth.js';
