import type { Document } from '../event-handler.js';
import type { CommittedEvent, Snapshot, StoredIdempotency } from '../ports/event-store.js';
import type { WorkflowTimer } from '../ports/workflow-store.js';
import type { DeadLetter, ProjectionRecord, ReaderRecord } from '../ports/reader-store.js';

export interface Stream {
  readonly events: CommittedEvent[];
  snapshot: Snapshot | undefined;
}

/** Everything the in-memory store holds for one tenant. */
export interface Tenant {
  readonly streams: Map<string, Stream>;
  readonly idempotency: Map<string, StoredIdempotency>;
  /** Claims of unique values by key (a hash, never the value): the stream that holds each. */
  readonly unique: Map<string, { readonly type: string; readonly aggregateId: string; readonly rule: string }>;
  /** Committed, not yet sequenced, in commit order. */
  pending: CommittedEvent[];
  /** Sequenced: `log[i].position === i + 1`. */
  readonly log: CommittedEvent[];
  /** Reactions' records. */
  readonly readers: Map<string, ReaderRecord>;
  /** Projections' records (in Firestore, the log document's `projections`). */
  readonly projections: Map<string, ProjectionRecord>;
  /** The tail of the log's steps: each waits for the one before (a transaction on the log document). */
  steps: Promise<unknown>;
  /** Projection documents, by `collection/id`. */
  readonly documents: Map<string, Document>;
  readonly deadLetters: Map<string, DeadLetter>;
  /** Subject keys by key id: the key, or a tombstone once the subject was forgotten. */
  readonly subjectKeys: Map<string, { readonly subject: string; readonly key?: Buffer; readonly forgottenAt?: string }>;
  /** Workflow instances by `workflow/instance`. */
  readonly instances: Map<string, { readonly state: unknown; readonly position: number; readonly revision: number }>;
  /** Pending workflow timers by `workflow/instance/name`: one document each, as in Firestore. */
  readonly timers: Map<string, StoredTimer>;
}

export function createInMemoryState() {
  const tenants = new Map<string, Tenant>();
  const tenantOf = (name: string): Tenant => {
    let found = tenants.get(name);
    if (!found) {
      found = {
        streams: new Map(),
        idempotency: new Map(),
        unique: new Map(),
        pending: [],
        log: [],
        readers: new Map(),
        projections: new Map(),
        steps: Promise.resolve(),
        documents: new Map(),
        deadLetters: new Map(),
        subjectKeys: new Map(),
        instances: new Map(),
        timers: new Map(),
      };
      tenants.set(name, found);
    }
    return found;
  };
  return { tenants, tenantOf };
}

export type InMemoryState = ReturnType<typeof createInMemoryState>;

/** Yields to the event loop, so concurrent callers interleave as they would against a database. */
export const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Copies in and out, as a database would: callers never share objects with the store. */
export const copy = structuredClone;

/** A pending timer as the in-memory store keeps it: whose it is, and its failed fires. */
export interface StoredTimer extends WorkflowTimer {
  readonly workflow: string;
  readonly instance: string;
  readonly failures?: number;
  readonly stopped?: boolean;
  readonly error?: string;
}
