/**
 * @firebase-event-store/testing/emulator: the Emulator Suite through firebase-tools, or Google's
 * Firestore emulator alone, on free loopback ports (started and stopped as the process trees they
 * are, with a Java 21+ found off PATH when needed), and firebase-admin's Firestore on it,
 * refusing anything that is not a loopback host and a demo- project.
 */

// The emulator and the process tree it is
export { FIRESTORE_EMULATOR, type RunningEmulator, startFirestoreEmulator } from './firestore-emulator.js';
export { CLOUD_SDK_FIRESTORE_JAR, firestoreEmulatorBinary } from './firestore-emulator-jar.js';
export { freePort } from './free-port.js';
export { findJava, javaMajor, type JavaRuntime, withJava } from './java-runtime.js';
export { groupAlive, killTree, livingMembers, signalGroup, stopTree, treeGroups } from './process-group.js';

// firebase-admin's Firestore on it
export { connectEmulatorFirestore, TEST_PROJECT } from './emulator-firestore.js';
export { emulatorFirestore } from './vitest-firestore.js';

// What a tenant's documents hold
export { documentsHolding } from './tenant-documents.js';

// The Emulator Suite (firebase-tools) and the Auth emulator's users
export {
  type EmulatorHosts,
  type EmulatorSuite,
  type EmulatorSuiteOptions,
  type FirebaseJson,
  resolveFirebaseTools,
  startEmulatorSuite,
  triggersRegistered,
} from './emulator-suite.js';
export { type EmulatorSchedules, type EmulatorSchedulesOptions, runEmulatorSchedules } from './emulator-schedules.js';
export { connectEmulatorAuth, type EmulatorAuth, type SignedIn } from './connect-emulator-auth.js';
