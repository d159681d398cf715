import { FieldPath, FieldValue, Timestamp, type Firestore } from 'firebase-admin/firestore';
import {
  LeaseLost,
  NEW_READER,
  readerRules as rules,
  type DeadLetter,
  type ReaderKey,
  type ReaderRecord,
  type ReaderStore,
} from '@firebase-event-store/kernel';
import { stagedView } from '@firebase-event-store/kernel/adapter';
import { firestorePaths } from './firestore-paths.js';

// `tenants/{tenant}/readers/{handler}` holds a handler's ReaderRecord (position, pending failure,
// block and lease) in one document, so one transaction reads everything a step depends on.
// Its `unsettled` field is the scheduled reader's index of work: set by every lease taken,
// cleared only when the lease is given back with the handler caught up with its log (or
// blocked on a dead letter). A run cut short, failed or crashed leaves it set.
// Ten readers racing for one lease retry their transactions; each retry sees the winner's lease and stops.
const CONTENDED = { maxAttempts: 20 };

/**
 * A read model's document as the projection wrote it: Firestore hands a written Date back as a
 * Timestamp, and the projection's schema (and the in-memory store) expect the Date.
 */
function withDates<T>(value: T): T {
  if (value instanceof Timestamp) return value.toDate() as T;
  if (Array.isArray(value)) return value.map(withDates) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, withDates(child)])) as T;
  }
  return value;
}

const tenantOf = (ref: { parent: { parent: { id: string } | null } }) => ref.parent.parent!.id;

/**
 * How far back the scheduled reader looks for log heads that moved: a process that crashed
 * between sequencing events and taking the handlers' leases left no `unsettled` flag, and is
 * found by its head's `updatedAt` for this long (ten scheduled runs).
 */
export const RECENT_HEADS_MS = 10 * 60_000;

/** The reader half of the Firestore store: leases, positions and projection writes in transactions. */
export function firestoreReaders(db: Firestore, clock: () => Date = () => new Date()): ReaderStore {
  const paths = firestorePaths(db);
  const readerRef = ({ tenant, handler }: ReaderKey) => paths.reader(tenant, handler);
  const readerOf = (data: unknown) => (data as ReaderRecord | undefined) ?? NEW_READER;

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
      if (rules.heldByAnother(readerOf((await readerRef(key).get()).data()), owner, now)) return undefined;
      return db.runTransaction(async (tx) => {
        const reader = readerOf((await tx.get(readerRef(key))).data());
        if (rules.heldByAnother(reader, owner, now)) return undefined;
        tx.set(readerRef(key), {
          ...reader,
          lease: { owner, until: now + leaseMs },
          unsettled: true,
          updatedAt: FieldValue.serverTimestamp(),
        });
        return rules.stateOf(reader);
      }, CONTENDED);
    },

    advance: (key, owner, from, { now, leaseMs }, collections, work) =>
      db.runTransaction(async (tx) => {
        const reader = readerOf((await tx.get(readerRef(key))).data());
        if (!rules.holds(reader, owner) || reader.position !== from)
          throw new LeaseLost(`${key.handler} lost its lease`);
        // Reads go to the transaction; writes wait until `work` is done (reads come first in a transaction).
        const tenantDoc = (collection: string, id: string) => paths.readModel(key.tenant, collection).doc(id);
        const staged = stagedView(
          async (collection, id) => withDates((await tx.get(tenantDoc(collection, id))).data()),
          {
            handler: key.handler,
            collections,
          },
        );
        const step = await work(staged.view);
        for (const { collection, id, data } of staged.writes()) {
          if (data === null) tx.delete(tenantDoc(collection, id));
          else tx.set(tenantDoc(collection, id), data);
        }
        tx.set(readerRef(key), {
          ...rules.afterStep(reader, step, owner, now + leaseMs),
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
        if (!rules.holds(reader, owner)) return true;
        const head = (headDoc!.get('position') as number | undefined) ?? 0;
        if (rules.keepsLease(reader, head, position)) return false;
        const unsettled = rules.isBehind(reader, head);
        tx.update(readerRef(key), { lease: null, unsettled, updatedAt: FieldValue.serverTimestamp() });
        return true;
      }, CONTENDED),

    async readerState(key) {
      return rules.stateOf(readerOf((await readerRef(key).get()).data()));
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
        tx.set(readerRef(key), {
          ...reader,
          position: rules.positionAfterRelease(reader, skip),
          failure: null,
          blocked: false,
          unsettled: true,
          updatedAt: FieldValue.serverTimestamp(),
        });
        for (const letter of letters.docs) tx.delete(letter.ref);
      }),

    // Not one transaction: a read model can hold more documents than a commit takes. The lease
    // keeps every other reader of this projection out meanwhile.
    async reset(key, owner, collections) {
      if (!rules.holds(readerOf((await readerRef(key).get()).data()), owner))
        throw new LeaseLost(`${key.handler} lost its lease`);
      for (const collection of collections) await db.recursiveDelete(paths.readModel(key.tenant, collection));
      await db.runTransaction(async (tx) => {
        const reader = readerOf((await tx.get(readerRef(key))).data());
        if (!rules.holds(reader, owner)) throw new LeaseLost(`${key.handler} lost its lease`);
        tx.set(readerRef(key), { ...reader, position: 0, failure: null, blocked: false });
      });
    },

    /**
     * Three collection-group queries whatever the number of tenants: events without a position
     * (one read per tenant that has some), readers left `unsettled`, and log heads that moved in
     * the last ten minutes (whose handlers' positions are then read). An idle deployment pays
     * three reads a run; a busy one, reads in proportion to the tenants with work.
     */
    async tenantsWithPendingWork(handlers) {
      const since = Timestamp.fromMillis(clock().getTime() - RECENT_HEADS_MS);
      const [pending, unsettled, moved] = await Promise.all([
        tenantsWithUnsequencedEvents(),
        db.collectionGroup('readers').where('unsettled', '==', true).get(),
        db.collectionGroup('system').where('updatedAt', '>=', since).get(),
      ]);
      const tenants = new Set(pending);
      for (const doc of unsettled.docs) {
        if (handlers.includes(doc.id) && !readerOf(doc.data()).blocked) tenants.add(tenantOf(doc.ref));
      }
      const heads = moved.docs.filter((doc) => doc.id === 'log' && !tenants.has(tenantOf(doc.ref)));
      const keys = heads.flatMap((head) => handlers.map((handler) => ({ tenant: tenantOf(head.ref), handler })));
      const readers = keys.length === 0 ? [] : await db.getAll(...keys.map(readerRef));
      const positionOf = new Map(heads.map((head) => [tenantOf(head.ref), head.get('position') as number]));
      readers.forEach((doc, i) => {
        const { tenant } = keys[i]!;
        if (rules.isBehind(readerOf(doc.data()), positionOf.get(tenant)!)) tenants.add(tenant);
      });
      return [...tenants];
    },
  };
}
