import { randomUUID } from 'node:crypto';
import { createFirestoreEventStore } from '../src/firestore-event-store.js';
import { uniqueTenant, streamReaderContract, upcastingContract } from '@firebase-event-store/testing';
import { emulatorFirestore } from '@firebase-event-store/testing/emulator';

// A project of its own: the reader's pending-work scan is a collection-group query, which on
// the emulator reads every tenant of the project; shared with the tier's other files, it grew
// with them and, on a loaded CI machine, outlasted the reader's 10 s bound on a store call.
const project = `demo-stream-reader-${randomUUID().slice(0, 8)}`;
const db = emulatorFirestore(project);

const harness = {
  name: 'Firestore on the emulator',
  store: () => createFirestoreEventStore(db, { projectId: project }),
  tenant: uniqueTenant,
  readDocument: async (tenant: string, collection: string, id: string) =>
    (await db.doc(`tenants/${tenant}/${collection}/${id}`).get()).data(),
};
streamReaderContract(harness);
upcastingContract(harness);
