import { createFirestoreEventStore } from '../../src/store/firestore/firestore-event-store.js';
import { TEST_PROJECT } from '../support/emulator-firestore.js';
import { emulatorFirestore } from '../support/vitest-firestore.js';
import { commandInterleavingsSuite } from '../suites/command-interleavings.suite.js';

const db = emulatorFirestore();
commandInterleavingsSuite({
  name: 'Firestore on the emulator',
  store: () => createFirestoreEventStore(db, { projectId: TEST_PROJECT }),
});
