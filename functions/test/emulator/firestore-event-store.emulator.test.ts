import { createFirestoreEventStore } from '../../src/store/firestore/firestore-event-store.js';
import { firestorePaths } from '../../src/store/firestore/firestore-paths.js';
import { emulatorFirestore } from '../support/vitest-firestore.js';
import { uniqueTenant } from '../support/ids.js';
import { eventStoreContract } from '../suites/event-store.contract.js';
import { seedParity } from '../suites/seed-parity.suite.js';
import { TEST_PROJECT } from '../support/emulator-firestore.js';

const db = emulatorFirestore();

eventStoreContract({
  name: 'Firestore on the emulator',
  store: () => createFirestoreEventStore(db, { projectId: TEST_PROJECT }),
  tenant: uniqueTenant,
  replaceSnapshot: async (stream, snapshot) => {
    const ref = firestorePaths(db).snapshot(stream);
    await (snapshot ? ref.set({ ...snapshot, updatedAt: new Date() }) : ref.delete());
  },
});

seedParity('Firestore on the emulator', () => createFirestoreEventStore(db, { projectId: TEST_PROJECT }), uniqueTenant);
