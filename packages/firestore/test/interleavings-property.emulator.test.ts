import { createFirestoreEventStore } from '../src/firestore-event-store.js';
import { TEST_PROJECT, emulatorFirestore } from '@firebase-event-store/testing/emulator';
import { interleavingsProperty } from '@firebase-event-store/testing';

const db = emulatorFirestore();
// Fewer runs than in memory: each is a few dozen round trips to the emulator.
interleavingsProperty({
  name: 'Firestore on the emulator',
  store: () => createFirestoreEventStore(db, { projectId: TEST_PROJECT }),
  numRuns: 10,
  maxCommands: 6,
});
