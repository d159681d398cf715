import { randomBytes } from 'node:crypto';
import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import type { PersonalDataStore } from '@firebase-event-store/kernel';
import { read } from './firestore-errors.js';
import { firestorePaths } from './firestore-paths.js';

/** `tenants/{tenant}/subjectKeys/{keyId}`: the key while the subject is known, a tombstone after. */
interface SubjectKeyDocument {
  readonly subject: string;
  /** 32 bytes; deleted when the subject is forgotten. */
  readonly key?: Buffer;
  readonly createdAt?: Timestamp;
  readonly forgottenAt?: Timestamp;
}

const ALREADY_EXISTS = 6;

/**
 * The Firestore side of personal data. Keys live in a collection of their own under the tenant,
 * which the security rules never open (only the catalog's collections are readable); the
 * functions' service account reads them through firebase-admin, which the rules do not apply to.
 */
export function createFirestorePersonalData(db: Firestore, clock: () => Date = () => new Date()): PersonalDataStore {
  const paths = firestorePaths(db);
  const keyDocument = async (tenant: string, keyId: string) =>
    (await read(paths.subjectKey(tenant, keyId).get())).data() as SubjectKeyDocument | undefined;

  return {
    async subjectKey(tenant, keyId, subject) {
      const found = await keyDocument(tenant, keyId);
      if (found) return found.key && Buffer.from(found.key);
      const created = { subject, key: randomBytes(32), createdAt: Timestamp.fromDate(clock()) };
      try {
        await paths.subjectKey(tenant, keyId).create(created);
        return created.key;
      } catch (error) {
        // Two first uses at once: the one that created the key wins, and both use it.
        if ((error as { code?: unknown }).code !== ALREADY_EXISTS) throw error;
        const winner = await keyDocument(tenant, keyId);
        return winner?.key && Buffer.from(winner.key);
      }
    },

    async findKey(tenant, keyId) {
      const found = await keyDocument(tenant, keyId);
      if (!found) return undefined;
      return found.key ? { key: Buffer.from(found.key) } : { forgotten: true };
    },

    forgetKey: (tenant, keyId, subject, at) =>
      db.runTransaction(async (transaction) => {
        const ref = paths.subjectKey(tenant, keyId);
        const found = (await transaction.get(ref)).data() as SubjectKeyDocument | undefined;
        if (found?.forgottenAt) return true;
        // set(), not update(): the key field is gone from the document, not emptied.
        transaction.set(ref, { subject, forgottenAt: Timestamp.fromDate(at) } satisfies SubjectKeyDocument);
        return false;
      }),

    rewriteSnapshot: (stream, { version, schema, state, personal }) =>
      db.runTransaction(async (transaction) => {
        const ref = paths.snapshot(stream);
        const current = await transaction.get(ref);
        if (current.get('version') !== version) return false;
        transaction.set(ref, {
          version,
          schema,
          state,
          updatedAt: Timestamp.fromDate(clock()),
          ...(personal && { personal }),
        });
        return true;
      }),

    async idempotencyRecords({ tenant, type, id }) {
      const records = await read(
        db
          .collection(`tenants/${tenant}/idempotency`)
          .where('type', '==', type)
          .where('aggregateId', '==', id)
          .select('version')
          .get(),
      );
      return records.docs.map((doc) => ({ key: doc.id, version: doc.get('version') as number }));
    },

    async rewriteIdempotencyState(tenant, key, state) {
      await read(paths.idempotency(tenant, key).update({ state }));
    },
  };
}
