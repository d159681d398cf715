import { createFirestoreEventStore } from '../src/firestore-event-store.js';
import { firestorePaths } from '../src/firestore-paths.js';
import { emulatorFirestore, TEST_PROJECT } from '@firebase-event-store/testing/emulator';
import { uniqueTenant, eventStoreContract } from '@firebase-event-store/testing';

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
