import { randomUUID } from 'node:crypto';
import { workflowContract } from '@firebase-event-store/testing';
import { emulatorFirestore } from '@firebase-event-store/testing/emulator';
import { createFirestoreEventStore } from '../src/firestore-event-store.js';

// Due timers are found across every tenant of a database: each case gets a project of its own,
// so that another case's timers (due at the same fake times) are not among them.
workflowContract({
  name: 'Firestore on the emulator',
  store: () => {
    const projectId = `demo-workflows-${randomUUID().slice(0, 8)}`;
    return createFirestoreEventStore(emulatorFirestore(projectId), { projectId });
  },
});
