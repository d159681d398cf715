import { FieldPath, FieldValue, Timestamp, type Firestore } from 'firebase-admin/firestore';
import type { CommittedEvent, EventStore, Snapshot, StreamKey } from '../../application/event-store.js';
import { Err } from '../../domain/err.js';
import { eventId, streamPrefix } from '../event-id.js';
import { fromEventDocument, isoTime, type EventDocument } from './event-document.js';
import { translateCommitError, translateError } from './firestore-errors.js';
import { firestorePaths } from './firestore-paths.js';
import { readLog, sequence } from './firestore-sequencer.js';

export interface FirestoreEventStoreOptions {
  /** Events per query when reading a stream (replays, rebuilds). */
  readonly pageSize?: number;
}

/**
 * A snapshot's revision: its version and its document's update time. The time is the commit's
 * `lastUpdateTime` precondition; the version lets a commit check, without a read, that its
 * expected version is the one of that very snapshot.
 */
const toRevision = (version: number, time: Timestamp) => `${version}@${time.seconds}.${time.nanoseconds}`;
const fromRevision = (revision: string) => {
  const [version, seconds, nanoseconds] = revision.split(/[@.]/).map(Number);
  return { version: version!, time: new Timestamp(seconds!, nanoseconds!) };
};

/** Ids of one stream all lie in [prefix, prefix + ':'): versions are digits, which sort below ':'. */
const END_OF_STREAM = ':';

/**
 * The Firestore adapter. A commit is one batch, no read and no lock: the events are created
 * with `create()` on ids that contain their version (a version can be written only once), and
 * the snapshot is created, or updated on the precondition that it is still the one the
 * decision was based on. Either guard failing fails the whole batch: nothing is written.
 */
export function createFirestoreEventStore(db: Firestore, options: FirestoreEventStoreOptions = {}): EventStore {
  const paths = firestorePaths(db);
  const pageSize = options.pageSize ?? 1000;

  /** Versions are gapless, so the number of events in the stream's id range is its version. */
  async function streamVersion({ tenant, type, id }: StreamKey): Promise<number> {
    const events = paths.events(tenant);
    const prefix = streamPrefix(type, id);
    const count = await events
      .where(FieldPath.documentId(), '>=', events.doc(prefix))
      .where(FieldPath.documentId(), '<', events.doc(prefix + END_OF_STREAM))
      .count()
      .get();
    return count.data().count;
  }

  /**
   * A commit without a snapshot to guard it, on a stream that has events (its snapshot was
   * deleted, and the handler rebuilt the state): the rare recovery path. The batch's `create()`
   * calls stop anyone who wrote the same versions, but only a read can show that version
   * `expectedVersion` exists, so that the new events leave no gap.
   */
  async function assertRecoverable(stream: StreamKey, expectedVersion: number) {
    if ((await streamVersion(stream)) !== expectedVersion) {
      throw Err.concurrency(`${stream.type} ${stream.id} is not at version ${expectedVersion}`);
    }
  }

  return {
    async loadSnapshot(stream) {
      const doc = await paths
        .snapshot(stream)
        .get()
        .catch((error: unknown) => {
          throw translateError(error);
        });
      if (!doc.exists) return undefined;
      const { version, state, schema } = doc.data() as Omit<Snapshot, 'revision'>;
      return { version, state, schema, revision: toRevision(version, doc.updateTime!) };
    },

    streamVersion,

    async commit({ stream, expectedVersion, expectedRevision, events, snapshot, meta }) {
      const what = `${stream.type} ${stream.id}`;
      const basis = expectedRevision === undefined ? undefined : fromRevision(expectedRevision);
      if (basis && basis.version !== expectedVersion)
        throw Err.concurrency(`${what} is not at version ${expectedVersion}`);
      if (!basis && expectedVersion > 0) await assertRecoverable(stream, expectedVersion);
      const eventsRef = paths.events(stream.tenant);
      const batch = db.batch();
      const documents = events.map(({ name, data }, index): EventDocument => ({
        type: stream.type,
        aggregateId: stream.id,
        version: expectedVersion + index + 1,
        name,
        data,
        meta,
        position: null,
      }));
      for (const document of documents) {
        batch.create(eventsRef.doc(eventId(stream.type, stream.id, document.version)), document);
      }
      const snapshotRef = paths.snapshot(stream);
      const snapshotDocument = {
        id: stream.id,
        type: stream.type,
        version: expectedVersion + events.length,
        schema: snapshot.schema,
        state: snapshot.state,
        updatedAt: FieldValue.serverTimestamp(),
      };
      if (basis) batch.update(snapshotRef, snapshotDocument, { lastUpdateTime: basis.time });
      else batch.create(snapshotRef, snapshotDocument);

      const results = await batch.commit().catch((error: unknown) => {
        throw translateCommitError(error, what);
      });
      const committedAt = isoTime(results[0]!.writeTime);
      return {
        events: documents.map((document): CommittedEvent => ({
          ...document,
          id: eventId(stream.type, stream.id, document.version),
          tenant: stream.tenant,
          committedAt,
        })),
        revision: toRevision(expectedVersion + events.length, results[documents.length]!.writeTime),
      };
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
        const page = await query.get();
        for (const doc of page.docs) yield fromEventDocument(tenant, doc);
        if (page.size < size) return;
        query = query.startAfter(page.docs[page.size - 1]!);
      }
    },

    sequence: (tenant, { limit } = {}) => sequence(db, tenant, limit),
    readLog: (tenant, { after, limit }) => readLog(db, tenant, after, limit),
  };
}
