import { createFirestoreEventStore } from '../src/firestore-event-store.js';
import { uniqueTenant, streamReaderContract } from '@firebase-event-store/testing';
import { emulatorFirestore, TEST_PROJECT } from '@firebase-event-store/testing/emulator';

const db = emulatorFirestore();

streamReaderContract({
  name: 'Firestore on the emulator',
  store: () => createFirestoreEventStore(db, { projectId: TEST_PROJECT }),
  tenant: uniqueTenant,
  readDocument: async (tenant, collection, id) => (await db.doc(`tenants/${tenant}/${collection}/${id}`).get()).data(),
});
