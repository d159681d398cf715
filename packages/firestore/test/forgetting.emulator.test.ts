import { randomUUID } from 'node:crypto';
import { forgettingContract, uniqueTenant } from '@firebase-event-store/testing';
import { documentsHolding, emulatorFirestore, TEST_PROJECT } from '@firebase-event-store/testing/emulator';
import { localKeyWrapper } from '@firebase-event-store/kernel';
import { createFirestoreEventStore } from '../src/firestore-event-store.js';
import { createFirestorePersonalData, type FirestorePersonalDataOptions } from '../src/firestore-personal-data.js';

const db = emulatorFirestore();
/** A database of the project for the keys alone, as `subjectKeys.database` makes one. */
const keysDatabase = emulatorFirestore(undefined, `subject-keys-${randomUUID().slice(0, 8)}`);

/** The contract, with the keys where `options` keeps them. */
const forgetting = (name: string, options: FirestorePersonalDataOptions) =>
  forgettingContract({
    name,
    store: () => ({
      ...createFirestoreEventStore(db, { projectId: TEST_PROJECT }),
      ...createFirestorePersonalData(db, options),
    }),
    tenant: uniqueTenant,
    readDocument: async (tenant, collection, id) =>
      (await db.doc(`tenants/${tenant}/${collection}/${id}`).get()).data(),
    scan: (tenant, text) => documentsHolding(db, tenant, text),
    dropKey: async (tenant, keyId) =>
      void (await (options.keysDatabase ?? db).doc(`tenants/${tenant}/subjectKeys/${keyId}`).delete()),
  });

forgetting('Firestore on the emulator', {});
forgetting('Firestore on the emulator, keys in a database of their own', { keysDatabase });
forgetting('Firestore on the emulator, keys in their own database, wrapped', {
  keysDatabase,
  wrapper: localKeyWrapper(Buffer.alloc(32, 9)),
});
