import { createFirestoreEventStore } from '../src/firestore-event-store.js';
import { uniqueTenant, streamReaderContract, upcastingContract } from '@firebase-event-store/testing';
import { emulatorFirestore, TEST_PROJECT } from '@firebase-event-store/testing/emulator';

const db = emulatorFirestore();

const harness = {
  name: 'Firestore on the emulator',
  store: () => createFirestoreEventStore(db, { projectId: TEST_PROJECT }),
  tenant: uniqueTenant,
  readDocument: async (tenant: string, collection: string, id: string) =>
    (await db.doc(`tenants/${tenant}/${collection}/${id}`).get()).data(),
};
streamReaderContract(harness);
upcastingContract(harness);
