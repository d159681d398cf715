import { forgettingContract, uniqueTenant } from '@firebase-event-store/testing';
import { documentsHolding, emulatorFirestore, TEST_PROJECT } from '@firebase-event-store/testing/emulator';
import { createFirestoreEventStore } from '../src/firestore-event-store.js';
import { createFirestorePersonalData } from '../src/firestore-personal-data.js';

const db = emulatorFirestore();

forgettingContract({
  name: 'Firestore on the emulator',
  store: () => ({
    ...createFirestoreEventStore(db, { projectId: TEST_PROJECT }),
    ...createFirestorePersonalData(db),
  }),
  tenant: uniqueTenant,
  readDocument: async (tenant, collection, id) => (await db.doc(`tenants/${tenant}/${collection}/${id}`).get()).data(),
  scan: (tenant, text) => documentsHolding(db, tenant, text),
  dropKey: async (tenant, keyId) => void (await db.doc(`tenants/${tenant}/subjectKeys/${keyId}`).delete()),
});
