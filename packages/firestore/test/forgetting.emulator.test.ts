import type { DocumentReference } from 'firebase-admin/firestore';
import { forgettingContract, uniqueTenant } from '@firebase-event-store/testing';
import { emulatorFirestore, TEST_PROJECT } from '@firebase-event-store/testing/emulator';
import { createFirestoreEventStore } from '../src/firestore-event-store.js';
import { createFirestorePersonalData } from '../src/firestore-personal-data.js';

const db = emulatorFirestore();

/** Every document under the tenant, in every collection and subcollection. */
async function documentsUnder(ref: DocumentReference): Promise<{ path: string; data: unknown }[]> {
  const found = [];
  for (const collection of await ref.listCollections()) {
    for (const doc of await collection.listDocuments()) {
      const snapshot = await doc.get();
      if (snapshot.exists) found.push({ path: doc.path, data: snapshot.data() });
      found.push(...(await documentsUnder(doc)));
    }
  }
  return found;
}

forgettingContract({
  name: 'Firestore on the emulator',
  store: () => ({
    ...createFirestoreEventStore(db, { projectId: TEST_PROJECT }),
    ...createFirestorePersonalData(db),
  }),
  tenant: uniqueTenant,
  readDocument: async (tenant, collection, id) => (await db.doc(`tenants/${tenant}/${collection}/${id}`).get()).data(),
  scan: async (tenant, text) =>
    (await documentsUnder(db.doc(`tenants/${tenant}`)))
      .filter(({ data }) => JSON.stringify(data).includes(text))
      .map(({ path }) => path),
  dropKey: async (tenant, keyId) => void (await db.doc(`tenants/${tenant}/subjectKeys/${keyId}`).delete()),
});
