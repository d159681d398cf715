import { randomBytes } from 'node:crypto';
import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import { Err, type KeyWrapper, type PersonalDataStore } from '@firebase-event-store/kernel';
import { read } from './firestore-errors.js';
import { firestorePaths } from './firestore-paths.js';

/** `tenants/{tenant}/subjectKeys/{keyId}`: the key while the subject is known, a tombstone after. */
interface SubjectKeyDocument {
  readonly subject: string;
  /** 32 bytes; deleted when the subject is forgotten. */
  readonly key?: Buffer;
  /** The key wrapped by a key-encryption key (with a `KeyWrapper`), in place of `key`. */
  readonly wrappedKey?: Buffer;
  readonly wrappedWith?: string;
  readonly createdAt?: Timestamp;
  readonly forgottenAt?: Timestamp;
}

export interface FirestorePersonalDataOptions {
  /**
   * Where the subject keys live: by default the database of the events. Another database of the
   * project (`getFirestore(app, 'subject-keys')`), with point-in-time recovery off and no
   * backups, is out of reach of a restore of the main one: a restore then cannot bring back the
   * key of a subject forgotten since (docs/security.md, the erasure window of each choice).
   */
  readonly keysDatabase?: Firestore;
  /** Stores each key wrapped by a key-encryption key (Cloud KMS in production) rather than as it is. */
  readonly wrapper?: KeyWrapper;
  readonly clock?: () => Date;
}

/** What a Firestore store of personal data adds to the port: the subjects a tenant has forgotten. */
export interface FirestorePersonalData extends PersonalDataStore {
  /** The subjects whose keys are tombstones: what a restored main database must forget again. */
  forgottenSubjects(tenant: string): Promise<string[]>;
}

const ALREADY_EXISTS = 6;

/**
 * The Firestore side of personal data. Keys live in a collection of their own under the tenant,
 * in the events' database or in another one (`keysDatabase`), which the security rules never
 * open (only the catalog's collections are readable); the functions' service account reads them
 * through firebase-admin, which the rules do not apply to. With a `wrapper`, a key is stored only
 * wrapped, and unwrapped on each read.
 */
export function createFirestorePersonalData(
  db: Firestore,
  options: FirestorePersonalDataOptions = {},
): FirestorePersonalData {
  const { keysDatabase = db, wrapper, clock = () => new Date() } = options;
  const paths = firestorePaths(db);
  const keyPaths = firestorePaths(keysDatabase);
  /** What a wrapped key is bound to: a wrapped key copied to another document does not unwrap. */
  const contextOf = (tenant: string, keyId: string) => `subjectKeys/${tenant}/${keyId}`;
  const keyDocument = async (tenant: string, keyId: string) =>
    (await read(keyPaths.subjectKey(tenant, keyId).get())).data() as SubjectKeyDocument | undefined;
  /** The key a document holds, plain or unwrapped; undefined for a tombstone. */
  const keyOf = async (tenant: string, keyId: string, found: SubjectKeyDocument) => {
    if (found.key) return Buffer.from(found.key);
    if (!found.wrappedKey) return undefined;
    if (!wrapper) {
      throw Err.internal(
        `The subject key ${keyId} is wrapped with ${found.wrappedWith}, and no key wrapper is configured`,
      );
    }
    const wrapped = { wrappedWith: found.wrappedWith ?? '', wrapped: Buffer.from(found.wrappedKey) };
    return wrapper.unwrap(wrapped, contextOf(tenant, keyId));
  };

  return {
    async subjectKey(tenant, keyId, subject) {
      const found = await keyDocument(tenant, keyId);
      if (found) return keyOf(tenant, keyId, found);
      const key = randomBytes(32);
      const stored = wrapper ? await wrapper.wrap(key, contextOf(tenant, keyId)) : undefined;
      const created: SubjectKeyDocument = {
        subject,
        ...(stored ? { wrappedKey: stored.wrapped, wrappedWith: stored.wrappedWith } : { key }),
        createdAt: Timestamp.fromDate(clock()),
      };
      try {
        await keyPaths.subjectKey(tenant, keyId).create(created);
        return key;
      } catch (error) {
        // Two first uses at once: the one that created the key wins, and both use it.
        if ((error as { code?: unknown }).code !== ALREADY_EXISTS) throw error;
        const winner = await keyDocument(tenant, keyId);
        return winner && keyOf(tenant, keyId, winner);
      }
    },

    async findKey(tenant, keyId) {
      const found = await keyDocument(tenant, keyId);
      if (!found) return undefined;
      const key = await keyOf(tenant, keyId, found);
      return key ? { key } : { forgotten: true };
    },

    async forgottenSubjects(tenant) {
      const tombstones = await read(
        keysDatabase
          .collection(`tenants/${tenant}/subjectKeys`)
          .where('forgottenAt', '!=', null)
          .select('subject')
          .get(),
      );
      return tombstones.docs.map((doc) => doc.get('subject') as string);
    },

    forgetKey: (tenant, keyId, subject, at) =>
      keysDatabase.runTransaction(async (transaction) => {
        const ref = keyPaths.subjectKey(tenant, keyId);
        const found = (await transaction.get(ref)).data() as SubjectKeyDocument | undefined;
        if (found?.forgottenAt) return true;
        // set(), not update(): the key (or the wrapped key) is gone from the document, not emptied.
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
