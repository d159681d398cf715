import { createFirestoreEventStore } from '../../src/store/firestore/firestore-event-store.js';
import { uniqueTenant } from '../support/ids.js';
import { emulatorFirestore } from '../support/vitest-firestore.js';
import { streamReaderContract } from '../suites/stream-reader.contract.js';
import { TEST_PROJECT } from '../support/emulator-firestore.js';

const db = emulatorFirestore();

streamReaderContract({
  name: 'Firestore on the emulator',
  store: () => createFirestoreEventStore(db, { projectId: TEST_PROJECT }),
  tenant: uniqueTenant,
  readDocument: async (tenant, collection, id) => (await db.doc(`tenants/${tenant}/${collection}/${id}`).get()).data(),
});
