import { FieldPath, FieldValue, type Firestore } from 'firebase-admin/firestore';
import type { Document, ProjectionView } from '../../application/event-handler.js';
import {
  LeaseLost,
  type DeadLetter,
  type HandlerFailure,
  type ReaderKey,
  type ReaderState,
  type ReaderStore,
} from '../../application/reader-store.js';
import { firestorePaths } from './firestore-paths.js';

/**
 * `tenants/{tenant}/readers/{handler}`: a handler's position, pending failure, block and lease,
 * in one document, so one transaction reads everything a step depends on.
 */
interface ReaderDocument {
  readonly position: number;
  readonly failure: HandlerFailure | null;
  readonly blocked: boolean;
  readonly lease: { readonly owner: string; readonly until: number } | null;
}

const NEW_READER: ReaderDocument = { position: 0, failure: null, blocked: false, lease: null };
const stateOf = ({ position, failure, blocked }: ReaderDocument): ReaderState => ({ position, failure, blocked });
// Ten readers racing for one lease retry their transactions; each retry sees the winner's lease and stops.
const CONTENDED = { maxAttempts: 20 };

const tenantOf = (ref: { parent: { parent: { id: string } | null } }) => ref.parent.parent!.id;

/** The reader half of the Firestore store: leases, positions and projection writes in transactions. */
export function firestoreReaders(db: Firestore): ReaderStore {
  const paths = firestorePaths(db);
  const readerRef = ({ tenant, handler }: ReaderKey) => paths.reader(tenant, handler);
  const readerOf = (data: unknown) => (data as ReaderDocument | undefined) ?? NEW_READER;

  /**
   * A skip-scan: the first unpositioned event in path order gives a tenant, then the search
   * starts after that tenant's last possible event id. One query per tenant with pending events,
   * however many events one of them has waiting (Firestore has no DISTINCT).
   */
  async function tenantsWithUnsequencedEvents(max = 1000): Promise<string[]> {
    const found: string[] = [];
    let query = db
      .collectionGroup('events')
      .where('position', '==', null)
      .orderBy(FieldPath.documentId())
      .select()
      .limit(1);
    while (found.length < max) {
      const [first] = (await query.get()).docs;
      if (!first) return found;
      const tenant = tenantOf(first.ref);
      found.push(tenant);
      query = query.startAfter(`tenants/${tenant}/events/\uf8ff`);
    }
    return found;
  }

  return {
    async acquire(key, owner, now, leaseMs) {
      // A look first: a lease plainly held by another costs one read, not a contended transaction.
      const seen = readerOf((await readerRef(key).get()).data());
      if (seen.lease && seen.lease.owner !== owner && seen.lease.until > now) return undefined;
      return db.runTransaction(async (tx) => {
        const reader = readerOf((await tx.get(readerRef(key))).data());
        if (reader.lease && reader.lease.owner !== owner && reader.lease.until > now) return undefined;
        tx.set(readerRef(key), {
          ...reader,
          lease: { owner, until: now + leaseMs },
          updatedAt: FieldValue.serverTimestamp(),
        });
        return stateOf(reader);
      }, CONTENDED);
    },

    advance: (key, owner, from, { now, leaseMs }, collections, work) =>
      db.runTransaction(async (tx) => {
        const reader = readerOf((await tx.get(readerRef(key))).data());
        if (reader.lease?.owner !== owner || reader.position !== from)
          throw new LeaseLost(`${key.handler} lost its lease`);
        // Reads go to the transaction; writes wait in memory until `work` is done (reads come first in a transaction).
        const writes = new Map<string, Document | null>();
        const path = (collection: string, id: string) => {
          if (!collections.includes(collection)) throw new Error(`${key.handler} may not touch ${collection}`);
          return `tenants/${key.tenant}/${collection}/${id}`;
        };
        const view: ProjectionView = {
          get: async (collection, id) => {
            const at = path(collection, id);
            if (writes.has(at)) return writes.get(at) ?? undefined;
            return (await tx.get(db.doc(at))).data();
          },
          set: (collection, id, data) => void writes.set(path(collection, id), data),
          delete: (collection, id) => void writes.set(path(collection, id), null),
        };
        const step = await work(view);
        for (const [at, data] of writes) {
          if (data === null) tx.delete(db.doc(at));
          else tx.set(db.doc(at), data);
        }
        const blocked = reader.blocked || step.deadLetter !== undefined;
        tx.set(readerRef(key), {
          position: step.position,
          failure: step.failure,
          blocked,
          lease: { owner, until: now + leaseMs },
          updatedAt: FieldValue.serverTimestamp(),
        });
        if (step.deadLetter)
          tx.set(paths.deadLetter(key.tenant, key.handler, step.deadLetter.eventId), step.deadLetter);
        return step;
      }, CONTENDED),

    // Reads the log's head in the same transaction the sequencer writes it in: either the new
    // positions are seen here (keep going), or they are given after the lease is free.
    release: (key, owner, position) =>
      db.runTransaction(async (tx) => {
        const [readerDoc, headDoc] = await tx.getAll(readerRef(key), paths.logHead(key.tenant));
        const reader = readerOf(readerDoc!.data());
        if (reader.lease?.owner !== owner) return true;
        const head = (headDoc!.get('position') as number | undefined) ?? 0;
        if (head > position && !reader.blocked) return false;
        tx.update(readerRef(key), { lease: null, updatedAt: FieldValue.serverTimestamp() });
        return true;
      }, CONTENDED),

    async readerState(key) {
      return stateOf(readerOf((await readerRef(key).get()).data()));
    },

    async head(tenant) {
      return ((await paths.logHead(tenant).get()).get('position') as number | undefined) ?? 0;
    },

    async deadLetters(tenant) {
      const letters = await paths.deadLetters(tenant).get();
      return letters.docs.map((doc) => doc.data() as DeadLetter);
    },

    releaseDeadLetter: (key, { skip }) =>
      db.runTransaction(async (tx) => {
        const reader = readerOf((await tx.get(readerRef(key))).data());
        const letters = await tx.get(paths.deadLetters(key.tenant).where('handler', '==', key.handler));
        const position = skip && reader.failure ? reader.failure.position : reader.position;
        tx.set(readerRef(key), {
          ...reader,
          position,
          failure: null,
          blocked: false,
          updatedAt: FieldValue.serverTimestamp(),
        });
        for (const letter of letters.docs) tx.delete(letter.ref);
      }),

    // Not one transaction: a read model can hold more documents than a commit takes. The lease
    // keeps every other reader of this projection out meanwhile.
    async reset(key, owner, collections) {
      if (readerOf((await readerRef(key).get()).data()).lease?.owner !== owner)
        throw new LeaseLost(`${key.handler} lost its lease`);
      for (const collection of collections) await db.recursiveDelete(paths.readModel(key.tenant, collection));
      await db.runTransaction(async (tx) => {
        const reader = readerOf((await tx.get(readerRef(key))).data());
        if (reader.lease?.owner !== owner) throw new LeaseLost(`${key.handler} lost its lease`);
        tx.set(readerRef(key), { ...reader, position: 0, failure: null, blocked: false });
      });
    },

    /**
     * Collection-group reads over all tenants: the tenants with events still without a position,
     * every log head and every reader position. Cost grows with tenants x handlers, once per
     * scheduled run.
     */
    async tenantsWithPendingWork(handlers) {
      const [pending, heads, readers] = await Promise.all([
        tenantsWithUnsequencedEvents(),
        db.collectionGroup('system').get(),
        db.collectionGroup('readers').get(),
      ]);
      const tenants = new Set(pending);
      const positions = new Map(readers.docs.map((doc) => [`${tenantOf(doc.ref)}/${doc.id}`, readerOf(doc.data())]));
      for (const head of heads.docs.filter((doc) => doc.id === 'log')) {
        const tenant = tenantOf(head.ref);
        const behind = handlers.some((handler) => {
          const reader = positions.get(`${tenant}/${handler}`) ?? NEW_READER;
          return !reader.blocked && reader.position < (head.get('position') as number);
        });
        if (behind) tenants.add(tenant);
      }
      return [...tenants];
    },
  };
}
