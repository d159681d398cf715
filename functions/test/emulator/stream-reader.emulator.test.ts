import { createFirestoreEventStore } from '../../src/store/firestore/firestore-event-store.js';
import { uniqueTenant } from '../support/ids.js';
import { emulatorFirestore } from '../support/vitest-firestore.js';
import { streamReaderContract } from '../suites/stream-reader.contract.js';

const db = emulatorFirestore();

streamReaderContract({
  name: 'Firestore on the emulator',
  store: () => createFirestoreEventStore(db),
  tenant: uniqueTenant,
  readDocument: async (tenant, collection, id) => (await db.doc(`tenants/${tenant}/${collection}/${id}`).get()).data(),
});
