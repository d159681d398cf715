import { FieldPath, FieldValue, Filter, Timestamp, type Firestore } from 'firebase-admin/firestore';
import {
  LeaseLost,
  NEW_PROJECTION,
  NEW_READER,
  readerRules as rules,
  type DeadLetter,
  type ReaderKey,
  type ReaderRecord,
  type ReaderStore,
} from '@firebase-event-store/kernel';
import { firestoreLog, logStateOf } from './firestore-log.js';
import { firestorePaths } from './firestore-paths.js';

// `tenants/{tenant}/readers/{reaction}` holds a reaction's ReaderRecord (position, pending
// failure, block and lease) in one document, so one transaction reads everything a step depends
// on. Its `unsettled` field is the scheduled reader's index of work: set by every lease taken,
// cleared only when the lease is given back with the reaction caught up with its log (or
// blocked on a dead letter). A run cut short, failed or crashed leaves it set. The projections'
// records are in the log document (`firestore-log.ts`), flagged `unsettled` the same way.
// Ten readers racing for one lease retry their transactions; each retry sees the winner's lease and stops.
const CONTENDED = { maxAttempts: 20 };

const tenantOf = (ref: { parent: { parent: { id: string } | null } }) => ref.parent.parent!.id;

/**
 * How far back the scheduled reader looks for log heads that moved: a process that crashed
 * between positioning events and taking the reactions' leases left no `unsettled` flag, and is
 * found by its head's `updatedAt` for this long (ten scheduled runs).
 */
export const RECENT_HEADS_MS = 10 * 60_000;

/** The reader half of the Firestore store: the log's steps, and the reactions' leases, in transactions. */
export function firestoreReaders(db: Firestore, clock: () => Date = () => new Date()): ReaderStore {
  const paths = firestorePaths(db);
  const log = firestoreLog(db);
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
    stepLog: log.stepLog,
    readLogState: log.readLogState,

    // Not one transaction: a read model can hold more documents than a commit takes. The
    // rebuild's lease keeps the projections' steps away from it meanwhile.
    async clearReadModel(tenant, collections) {
      for (const collection of collections) await db.recursiveDelete(paths.readModel(tenant, collection));
    },

    async acquire(key, owner, now, leaseMs) {
      // A look first: a lease plainly held by another costs one read, not a contended transaction.
      if (rules.heldByAnother(readerOf((await readerRef(key).get()).data()).lease, owner, now)) return undefined;
      return db.runTransaction(async (tx) => {
        const reader = readerOf((await tx.get(readerRef(key))).data());
        if (rules.heldByAnother(reader.lease, owner, now)) return undefined;
        tx.set(readerRef(key), {
          ...reader,
          lease: { owner, until: now + leaseMs },
          unsettled: true,
          updatedAt: FieldValue.serverTimestamp(),
        });
        return rules.stateOf(reader);
      }, CONTENDED);
    },

    advance: (key, owner, from, { now, leaseMs }, step) =>
      db.runTransaction(async (tx) => {
        const reader = readerOf((await tx.get(readerRef(key))).data());
        if (!rules.holds(reader, owner) || reader.position !== from)
          throw new LeaseLost(`${key.handler} lost its lease`);
        tx.set(readerRef(key), {
          ...rules.afterStep(reader, step, owner, now + leaseMs),
          updatedAt: FieldValue.serverTimestamp(),
        });
        if (step.deadLetter)
          tx.set(paths.deadLetter(key.tenant, key.handler, step.deadLetter.eventId), step.deadLetter);
      }, CONTENDED),

    // Reads the log's head in the same transaction the steps write it in: either the new
    // positions are seen here (keep going), or they are given after the lease is free.
    release: (key, owner, position) =>
      db.runTransaction(async (tx) => {
        const [readerDoc, headDoc] = await tx.getAll(readerRef(key), paths.logHead(key.tenant));
        const reader = readerOf(readerDoc!.data());
        if (!rules.holds(reader, owner)) return true;
        const { head } = logStateOf(headDoc!.data());
        if (rules.keepsLease(reader, head, position)) return false;
        const unsettled = rules.isBehind(reader, head);
        tx.update(readerRef(key), { lease: null, unsettled, updatedAt: FieldValue.serverTimestamp() });
        return true;
      }, CONTENDED),

    async readerState(key) {
      return rules.stateOf(readerOf((await readerRef(key).get()).data()));
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

    async head(tenant) {
      return (await log.readLogState(tenant)).head;
    },

    async deadLetters(tenant) {
      const letters = await paths.deadLetters(tenant).get();
      return letters.docs.map((doc) => doc.data() as DeadLetter);
    },

    /**
     * Three queries whatever the number of tenants: events without a position (one read per
     * tenant that has some), reactions left `unsettled`, and log documents that are `unsettled`
     * or moved in the last ten minutes (whose reactions' positions are then read). An idle
     * deployment pays three reads a run; a busy one, reads in proportion to the tenants with work.
     */
    async tenantsWithPendingWork({ projections, reactions }) {
      const since = Timestamp.fromMillis(clock().getTime() - RECENT_HEADS_MS);
      const [pending, unsettled, logs] = await Promise.all([
        tenantsWithUnsequencedEvents(),
        db.collectionGroup('readers').where('unsettled', '==', true).get(),
        db
          .collectionGroup('system')
          .where(Filter.or(Filter.where('unsettled', '==', true), Filter.where('updatedAt', '>=', since)))
          .get(),
      ]);
      const tenants = new Set(pending);
      for (const doc of unsettled.docs) {
        if (reactions.includes(doc.id) && !readerOf(doc.data()).blocked) tenants.add(tenantOf(doc.ref));
      }
      const heads = logs.docs.filter((doc) => doc.id === 'log' && !tenants.has(tenantOf(doc.ref)));
      for (const doc of heads) {
        const state = logStateOf(doc.data());
        const work = (name: string) =>
          rules.logUnsettled({ head: state.head, projections: { [name]: state.projections[name] ?? NEW_PROJECTION } });
        if (projections.some(work)) tenants.add(tenantOf(doc.ref));
      }
      const quiet = heads.filter((doc) => !tenants.has(tenantOf(doc.ref)));
      const keys = quiet.flatMap((head) => reactions.map((handler) => ({ tenant: tenantOf(head.ref), handler })));
      const readers = keys.length === 0 ? [] : await db.getAll(...keys.map(readerRef));
      const headOf = new Map(quiet.map((doc) => [tenantOf(doc.ref), logStateOf(doc.data()).head]));
      readers.forEach((doc, i) => {
        const { tenant } = keys[i]!;
        if (rules.isBehind(readerOf(doc.data()), headOf.get(tenant)!)) tenants.add(tenant);
      });
      return [...tenants];
    },
  };
}
