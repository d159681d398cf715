import { createFirestoreEventStore, createFirestorePersonalData } from '@firebase-event-store/firestore';
import { documentsHolding, emulatorFirestore, TEST_PROJECT } from '@firebase-event-store/testing/emulator';
import { adminApiSuite } from '../suites/admin-api.suite.js';

const db = emulatorFirestore();
adminApiSuite({
  name: 'Firestore on the emulator',
  store: () => createFirestoreEventStore(db, { projectId: TEST_PROJECT }),
  keys: () => createFirestorePersonalData(db),
  scan: (tenant, text) => documentsHolding(db, tenant, text),
});
