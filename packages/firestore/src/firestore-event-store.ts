import { FieldPath, FieldValue, Timestamp, type Firestore } from 'firebase-admin/firestore';
import {
  Err,
  type Commit,
  type EventStore,
  type Snapshot,
  type StreamKey,
  type ReaderStore,
  type WorkflowStore,
} from '@firebase-event-store/kernel';
import { committedEvents, eventId, parseEventId, streamPrefix } from '@firebase-event-store/kernel/adapter';
import { createDocumentReader, type DocumentReaderTarget } from './document-reader.js';
import { fromEventDocument, isoTime, toEventDocument } from './event-document.js';
import { ALREADY_EXISTS, hasCode, read, translateCommitError } from './firestore-errors.js';
import { firestorePaths } from './firestore-paths.js';
import { firestoreReaders } from './firestore-readers.js';
import { firestoreWorkflows } from './firestore-workflows.js';
import { fromIdempotencyDocument, IDEMPOTENCY_FIELDS, toIdempotencyDocument } from './idempotency-document.js';
import { firestoreLog } from './firestore-log.js';
import { versionsSeen } from './versions-seen.js';

export interface FirestoreEventStoreOptions extends DocumentReaderTarget {
  /** Events per query when reading a stream (replays, rebuilds). */
  readonly pageSize?: number;
  /** Stamps snapshots' `updatedAt`. */
  readonly clock?: () => Date;
}

/** What a command needs of a snapshot document (not its `updatedAt`, which is for clients). */
const SNAPSHOT_FIELDS = ['version', 'schema', 'state', 'personal'] as const;

/** Ids of one stream all lie in [prefix, prefix + ':'): versions are digits, which sort below ':'. */
const END_OF_STREAM = ':';

/**
 * A field no event has: deleting it changes nothing, so the event's update time stays what the
 * sequencer's preconditions expect, while the write still requires the event to exist.
 */
const EXISTS_GUARD = { __exists: FieldValue.delete() };

/**
 * The Firestore adapter. A commit is one batch, with no read and no lock: the events are
 * created with `create()` on ids that contain their version, so a version can be written only
 * once, and the snapshot is set in the same batch. If any event id exists, the whole batch
 * fails: nothing is written. An expected version this process has not seen exist (a snapshot
 * read from the store may claim one its events never reached: restored, imported) is proved
 * in the same batch by an update of that event that changes nothing, which fails when it is
 * missing; so a commit lands only on the stream's last version, and versions keep no gaps.
 * The snapshot needs no guard of its own: only the one commit that wins version v+1 writes a
 * snapshot built on version v, so snapshots follow their events. A unique value is claimed by
 * creating its claim document in the same batch (so a value held elsewhere fails the whole
 * commit) and released by deleting it.
 */
export function createFirestoreEventStore(
  db: Firestore,
  options: FirestoreEventStoreOptions,
): EventStore & ReaderStore & WorkflowStore {
  const paths = firestorePaths(db);
  const readDocument = createDocumentReader(db, options);
  const pageSize = options.pageSize ?? 1000;
  const clock = options.clock ?? (() => new Date());
  const seen = versionsSeen();
  const log = firestoreLog(db);

  /** Versions are gapless, so the number of events in the stream's id range is its version. */
  async function streamVersion({ tenant, type, id }: StreamKey): Promise<number> {
    const events = paths.events(tenant);
    const prefix = streamPrefix(type, id);
    const count = await read(
      events
        .where(FieldPath.documentId(), '>=', events.doc(prefix))
        .where(FieldPath.documentId(), '<', events.doc(prefix + END_OF_STREAM))
        .count()
        .get(),
    );
    return count.data().count;
  }

  /**
   * Which guard failed is not in Firestore's answer: when the commit claimed values, their
   * claims are read (on this failure path only) for one held by another stream.
   */
  async function claimTaken({ stream, unique }: Commit, error: unknown) {
    if (!unique?.claim.length || !hasCode(error, ALREADY_EXISTS)) return undefined;
    const claims = await read(db.getAll(...unique.claim.map(({ key }) => paths.unique(stream.tenant, key))));
    const taken = unique.claim.find((_, index) => {
      const holder = claims[index]!.data();
      return holder && (holder.type !== stream.type || holder.aggregateId !== stream.id);
    });
    return taken && Err.precondition(taken.rule, `${taken.rule} is already taken`);
  }

  return {
    ...firestoreReaders(db, clock),
    ...firestoreWorkflows(db),

    async loadSnapshot(stream) {
      const snapshot = await read(readDocument(paths.snapshot(stream), SNAPSHOT_FIELDS));
      return snapshot?.data as Snapshot | undefined;
    },

    streamVersion,

    async commit(commit) {
      const { stream, expectedVersion, events, snapshot, meta, idempotency } = commit;
      const batch = db.batch();
      const ids = events.map((_, index) => eventId(stream.type, stream.id, expectedVersion + index + 1));
      events.forEach((event, index) =>
        batch.create(paths.event(stream.tenant, ids[index]!), toEventDocument(event, meta)),
      );
      const version = expectedVersion + events.length;
      // The writer's clock, not serverTimestamp(): a transform costs every commit, and clients use
      // updatedAt only to sort what they show. Exact order is in the events (and their createTime).
      const updatedAt = Timestamp.fromDate(clock());
      const { schema, state, personal } = snapshot;
      batch.set(paths.snapshot(stream), { version, schema, state, updatedAt, ...(personal && { personal }) });
      if (idempotency) batch.create(paths.idempotency(stream.tenant, idempotency.key), toIdempotencyDocument(commit));
      for (const key of commit.unique?.release ?? []) batch.delete(paths.unique(stream.tenant, key));
      for (const { rule, key } of commit.unique?.claim ?? [])
        batch.create(paths.unique(stream.tenant, key), { type: stream.type, aggregateId: stream.id, rule });
      // A consulted stream is where it was read if its next version does not exist: a delete of
      // that missing event, on condition that it is missing, writes nothing and fails otherwise.
      // (No read, and no update time to carry from the read: the version is the precondition.)
      for (const { stream: other, version: at } of commit.consulted ?? [])
        batch.delete(paths.event(other.tenant, eventId(other.type, other.id, at + 1)), { exists: false });
      if (!seen.has(stream, expectedVersion))
        batch.update(paths.event(stream.tenant, eventId(stream.type, stream.id, expectedVersion)), EXISTS_GUARD);
      const [first] = await batch.commit().catch(async (error: unknown) => {
        throw (await claimTaken(commit, error)) ?? translateCommitError(error, `${stream.type} ${stream.id}`);
      });
      seen.saw(stream, version);
      return committedEvents(stream, expectedVersion + 1, events, isoTime(first!.writeTime), meta);
    },

    async readIdempotency(tenant, key) {
      const stored = await read(readDocument(paths.idempotency(tenant, key), IDEMPOTENCY_FIELDS));
      return stored && fromIdempotencyDocument(tenant, stored);
    },

    async *readStream({ tenant, type, id }: StreamKey, { fromVersion = 1, toVersion, pageSize: size = pageSize } = {}) {
      const events = paths.events(tenant);
      const last = toVersion === undefined ? streamPrefix(type, id) + END_OF_STREAM : eventId(type, id, toVersion);
      let query = events
        .orderBy(FieldPath.documentId())
        .startAt(events.doc(eventId(type, id, fromVersion)))
        .endAt(events.doc(last))
        .limit(size);
      for (;;) {
        const page = await read(query.get());
        for (const doc of page.docs) yield fromEventDocument(tenant, doc);
        if (page.size > 0) seen.saw({ tenant, type, id }, parseEventId(page.docs[page.size - 1]!.id).version);
        if (page.size < size) return;
        query = query.startAfter(page.docs[page.size - 1]!);
      }
    },

    sequence: (tenant, { limit } = {}) => log.sequence(tenant, limit),
    readLog: (tenant, { after, limit }) => log.readLog(tenant, after, limit),
  };
}
