/**
 * The port every store adapter implements (in memory, Firestore). The contract suite in
 * `test/suites/event-store.contract.ts` is the executable specification of everything written here.
 */

/** One aggregate's stream. The type is part of the key: equal ids of two types never collide. */
export interface StreamKey {
  readonly tenant: string;
  readonly type: string;
  readonly id: string;
}

/** Travels with every committed event: who did it, through which command, and why. */
export interface EventMeta {
  readonly actor: { readonly id: string; readonly name: string };
  readonly command: string;
  /** Shared by everything that follows from one user action. */
  readonly correlationId: string;
  /** The event or request that directly caused this command; null for a user's own action. */
  readonly causationId: string | null;
  /**
   * The W3C trace context (`00-{trace id}-{span id}-{flags}`) of the span the commit ran in,
   * when one was active (an OpenTelemetry SDK is installed): the reader's spans link to it.
   * Absent otherwise, and in events committed before it existed. Stores keep it as given.
   */
  readonly traceparent?: string;
}

export interface CommittedEvent {
  /** `Type~aggregateId~version` (version zero-padded): unique and stable, a key to deduplicate on. */
  readonly id: string;
  readonly tenant: string;
  readonly type: string;
  readonly aggregateId: string;
  /** 1, 2, 3... per stream, without gaps. */
  readonly version: number;
  readonly name: string;
  readonly data: unknown;
  /**
   * The version of the event's definition it was written with (1 for an event without
   * upcasters). Readers see `data` upcast to the current version: see `upcast.ts`.
   */
  readonly eventVersion: number;
  /** Commit time, as the store recorded it (ISO 8601). */
  readonly committedAt: string;
  /** Place in the tenant's log (1, 2, 3... without gaps) once sequenced; null before. */
  readonly position: number | null;
  readonly meta: EventMeta;
}

export interface Snapshot {
  readonly version: number;
  readonly state: unknown;
  /** The aggregate's `schemaVersion` the state was built with. */
  readonly schema: number;
  /**
   * Some event of the stream carried personal data, so the state may hold it in plain: it is
   * never cached in a process, and forgetting its subject rebuilds it.
   */
  readonly personal?: boolean;
}

export interface NewEvent {
  readonly name: string;
  readonly data: unknown;
  /** The version of the event's definition (default 1); the command handler always sets it. */
  readonly eventVersion?: number;
}

/**
 * Makes a command safe to retry: written in the same atomic commit as its events, under a key
 * scoped to the tenant and the caller. A second commit with the same key writes nothing.
 */
export interface IdempotencyRecord {
  /** Tenant-unique id of the key (the caller's key hashed with the actor's id). */
  readonly key: string;
  /** Hash of the request the key was first used with. */
  readonly fingerprint: string;
  /** When the store may forget the record. */
  readonly expiresAt: Date;
}

/** A committed idempotency record, with what its commit wrote, to answer retries with. */
export interface StoredIdempotency {
  readonly fingerprint: string;
  readonly stream: StreamKey;
  readonly version: number;
  readonly events: readonly CommittedEvent[];
  readonly state: unknown;
}

/**
 * A value claimed under a unique rule: `key` is a keyed hash of the tenant, the aggregate type,
 * the rule and the value (never the value itself), the id of the store's claim document.
 */
export interface UniqueClaim {
  readonly rule: string;
  readonly key: string;
}

/** The claims a commit takes and gives up, written with its events or not at all. */
export interface UniqueChanges {
  /** Keys the stream must not find held by another stream; the stream holds them after. */
  readonly claim: readonly UniqueClaim[];
  /** Keys the stream holds and gives up (deleted). */
  readonly release: readonly string[];
}

export interface Commit {
  readonly stream: StreamKey;
  /**
   * The version the events build on (0 for a new stream), as read from this store (snapshot or
   * replay). A commit whose first version already exists writes nothing.
   */
  readonly expectedVersion: number;
  readonly events: readonly NewEvent[];
  /** The state after the events: written in the same atomic commit. */
  readonly snapshot: { readonly state: unknown; readonly schema: number; readonly personal?: boolean };
  readonly meta: EventMeta;
  readonly idempotency?: IdempotencyRecord;
  readonly unique?: UniqueChanges;
  /**
   * Other streams the decision read, at the version it read them (0: none): the commit fails
   * with `Err.concurrency` if any has moved past it, and writes nothing of them.
   */
  readonly consulted?: readonly { readonly stream: StreamKey; readonly version: number }[];
}

export interface ReadStreamOptions {
  /** First version to read (default 1). */
  readonly fromVersion?: number;
  /** Last version to read, inclusive (default: all). */
  readonly toVersion?: number;
  readonly pageSize?: number;
}

export interface EventStore {
  /** The stream's snapshot (one document read), or undefined if it has none. */
  loadSnapshot(stream: StreamKey): Promise<Snapshot | undefined>;
  /**
   * The highest committed version of a stream (0 if none), by one count query. The command path
   * does not need it (a replay gives the version too); it tells tests and operators what is stored.
   */
  streamVersion(stream: StreamKey): Promise<number>;
  /**
   * Atomically writes the events (versions expectedVersion+1...), the snapshot and the
   * idempotency record, or nothing. Fails with `Err.concurrency`, and only then, when
   * `expectedVersion` is not the stream's last version (behind it: one of the new versions
   * exists; or ahead of it) or that idempotency key already exists; and with
   * `Err.precondition(rule)` when a claimed key is held by another stream (which it checks
   * first, so a value taken is reported as such, whatever else changed).
   */
  commit(commit: Commit): Promise<CommittedEvent[]>;
  /** The idempotency record of a tenant's key, if it was committed. */
  readIdempotency(tenant: string, key: string): Promise<StoredIdempotency | undefined>;
  /** A stream's events in version order, read in pages. */
  readStream(stream: StreamKey, options?: ReadStreamOptions): AsyncIterable<CommittedEvent>;
  /**
   * Gives committed events without a position the next positions of their tenant's log, in
   * commit order across streams, the oldest pending first however many wait (and always in
   * version order within a stream). Safe to run concurrently.
   * Resolves with the events that got a position in this call, in position order, as `readLog`
   * would return them: none when none was pending. (The reader positions events in its own
   * steps, with the projections' work; this is for tools and tests.) (A decorator may leave out events it cannot
   * return as `readLog` would, such as `encryptPersonalData` for a lost key.)
   */
  sequence(tenant: string, options?: { readonly limit?: number }): Promise<CommittedEvent[]>;
  /** The tenant's sequenced events with position > `after`, in position order. */
  readLog(tenant: string, options: { readonly after: number; readonly limit: number }): Promise<CommittedEvent[]>;
}
