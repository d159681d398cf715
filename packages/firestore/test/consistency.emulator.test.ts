import { createFirestoreEventStore } from '../src/firestore-event-store.js';
import { TEST_PROJECT, emulatorFirestore } from '@firebase-event-store/testing/emulator';
import { consistencyContract } from '@firebase-event-store/testing';

const db = emulatorFirestore();
consistencyContract({
  name: 'Firestore on the emulator',
  store: () => createFirestoreEventStore(db, { projectId: TEST_PROJECT }),
});
