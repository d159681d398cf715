import { createFirestoreEventStore } from '@firebase-event-store/firestore';
import { emulatorFirestore, TEST_PROJECT } from '@firebase-event-store/testing/emulator';
import { adminApiSuite } from '../suites/admin-api.suite.js';

const db = emulatorFirestore();
adminApiSuite({
  name: 'Firestore on the emulator',
  store: () => createFirestoreEventStore(db, { projectId: TEST_PROJECT }),
});
