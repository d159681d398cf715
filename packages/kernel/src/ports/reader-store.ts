import type { ProjectionView } from '../event-handler.js';
import type { CommittedEvent } from './event-store.js';

/**
 * The part of the store port the stream reader uses. A tenant's projections advance together,
 * in steps over one document (the tenant's log: its head and every projection's place in it),
 * each step one atomic write of the events' positions, the projections' documents and their
 * places. Reactions, whose effects are outside the store, keep a position and a lease each.
 * Every adapter implements it next to `EventStore`; the reader contract suite is its
 * specification.
 */
export interface ReaderKey {
  readonly tenant: string;
  readonly handler: string;
}

/** An event a handler keeps failing on. */
export interface HandlerFailure {
  readonly position: number;
  readonly eventId: string;
  readonly attempts: number;
  readonly error: string;
}

export interface ReaderState {
  /** The last position the handler is done with (0: none). */
  readonly position: number;
  readonly failure: HandlerFailure | null;
  /** Stopped on a dead letter until an operator releases it. */
  readonly blocked: boolean;
}

export interface DeadLetter extends HandlerFailure {
  readonly tenant: string;
  readonly handler: string;
  /** When it was recorded (ISO 8601). */
  readonly at: string;
}

/** A lease: who holds it, and until when (ms since the epoch) unless renewed. */
export interface Lease {
  readonly owner: string;
  readonly until: number;
}

/** What an adapter keeps per (tenant, reaction): its state and who holds its lease. */
export interface ReaderRecord extends ReaderState {
  readonly lease: Lease | null;
}

/** A projection's place in its tenant's log document. */
export interface ProjectionRecord extends ReaderState {
  /**
   * A rebuild under way: its lease, and whether the read model has been emptied yet. The
   * projections' steps leave this one alone until the rebuild ends (or, its lease expired,
   * another run takes it over and finishes it).
   */
  readonly rebuild: (Lease & { readonly cleared: boolean }) | null;
}

/** The tenant's log document: the head of the log, and where each projection stands in it. */
export interface LogState {
  /** The last position of the tenant's log (0 when empty). */
  readonly head: number;
  /** Projection name -> its record; a projection that never ran is absent. */
  readonly projections: Readonly<Record<string, ProjectionRecord>>;
}

/** What one step of the log sees: the log document as it stands, inside the step's atomic write. */
export interface LogStep extends LogState {
  /**
   * A projection's record: from the log document, or, for one it does not hold yet, where an
   * adapter kept it before (Firestore: the projection's own reader document, as versions before
   * 0.2 did), or a new projection's.
   */
  projection(name: string): Promise<ProjectionRecord>;
  /** The sequenced events with position > `after`, in order, at most `limit`. */
  readLog(after: number, limit: number): Promise<CommittedEvent[]>;
  /**
   * Gives the oldest pending events (commit order, at most the step's `pending`) the next
   * positions, written with the step; they come back positioned. At most once per step.
   */
  sequence(): Promise<CommittedEvent[]>;
  /** The tenant's read-model documents; writes land with the step or not at all. */
  readonly view: ProjectionView;
}

/** What a step writes besides the view's documents and the positions `sequence` gave. */
export interface LogStepWrites {
  /** New records of the projections that changed. */
  readonly projections?: Readonly<Record<string, ProjectionRecord>>;
  readonly deadLetters?: readonly DeadLetter[];
  /** Projections whose dead letters are deleted (released). */
  readonly clearDeadLetters?: readonly string[];
}

/** The work of one step: what it read, as `T`, and what it writes. */
export type LogStepWork<T> = (step: LogStep) => Promise<{ readonly writes: LogStepWrites; readonly result: T }>;

/** Firestore takes at most 500 writes in one commit; a step that would write more is split. */
export const MAX_STEP_WRITES = 500;

/** A step's work would write more documents than one atomic write takes: try a smaller page. */
export class StepTooLarge extends Error {
  override readonly name = 'StepTooLarge';
}

export const NEW_READER: ReaderRecord = { position: 0, failure: null, blocked: false, lease: null };
export const NEW_PROJECTION: ProjectionRecord = { position: 0, failure: null, blocked: false, rebuild: null };

/**
 * The rules of the reader port, in one place for every adapter: each applies them inside its
 * own atomic read-modify-write.
 */
export const readerRules = {
  stateOf: ({ position, failure, blocked }: ReaderState): ReaderState => ({ position, failure, blocked }),
  holds: (reader: ReaderRecord, owner: string) => reader.lease?.owner === owner,
  /** `acquire` fails only on a lease another owner holds and that has not expired. */
  heldByAnother: (lease: Lease | null, owner: string, now: number) =>
    lease !== null && lease.owner !== owner && lease.until > now,
  /** A reaction's `advance`: the step's state, blocked by a dead letter, with the lease renewed. */
  afterStep: (reader: ReaderRecord, step: ReaderStep, owner: string, until: number): ReaderRecord => ({
    position: step.position,
    failure: step.failure,
    blocked: reader.blocked || step.deadLetter !== undefined,
    lease: { owner, until },
  }),
  /** `release` keeps the lease of a reaction that is not blocked while its log has moved past `position`. */
  keepsLease: (reader: ReaderRecord, head: number, position: number) => head > position && !reader.blocked,
  /** `releaseDeadLetter`: where the handler resumes; `skip` moves it past the dead event. */
  positionAfterRelease: (reader: ReaderState, skip: boolean) =>
    skip && reader.failure ? reader.failure.position : reader.position,
  /** Has work for the scheduled reader: not blocked, and behind the tenant's log head. */
  isBehind: (reader: ReaderState, head: number) => !reader.blocked && reader.position < head,
  /**
   * A log whose projections have work left: one behind the head or failing (not blocked), or a
   * rebuild under way. Adapters flag such a log for the scheduled reader.
   */
  logUnsettled: ({ head, projections }: LogState) =>
    Object.values(projections).some(
      (record) => record.rebuild !== null || (!record.blocked && (record.position < head || record.failure !== null)),
    ),
};

/** What one step of a reaction commits. */
export interface ReaderStep {
  readonly position: number;
  readonly failure: HandlerFailure | null;
  /** Records the failure as a dead letter and stops the handler for the tenant. */
  readonly deadLetter?: DeadLetter;
}

/** Another reader holds the lease now: the step wrote nothing, and this reader must stop. */
export class LeaseLost extends Error {
  override readonly name = 'LeaseLost';
}

/** Which handlers of a deployment are projections and which reactions. */
export interface HandlerNames {
  readonly projections: readonly string[];
  readonly reactions: readonly string[];
}

export interface ReaderStore {
  /**
   * One atomic step of the tenant's log: reads the log document and, inside `work`, what the
   * step needs (the log, the pending events, the read models), then writes together the
   * positions `sequence` gave, the view's documents, the projections' records and the dead
   * letters `work` returned, with the new head; or nothing. Two steps of one tenant are
   * serialised: one sees the other's writes or fails and runs again, so `work` may run more
   * than once and must do nothing but read and stage writes.
   */
  stepLog<T>(tenant: string, options: { readonly pending: number }, work: LogStepWork<T>): Promise<T>;
  /** The tenant's log document, as it stands. */
  readLogState(tenant: string): Promise<LogState>;
  /** Deletes every document of these read-model collections of the tenant (a rebuild, under its lease). */
  clearReadModel(tenant: string, collections: readonly string[]): Promise<void>;

  /**
   * Takes or renews the lease of (tenant, reaction) until `now + leaseMs` if it is free, expired
   * or already this owner's; the reaction's state, or undefined when another owner holds it.
   */
  acquire(key: ReaderKey, owner: string, now: number, leaseMs: number): Promise<ReaderState | undefined>;
  /**
   * Saves a reaction's step, if `owner` holds the lease and the position is `from`, renewing
   * the lease; otherwise throws `LeaseLost`, writing nothing.
   */
  advance(
    key: ReaderKey,
    owner: string,
    from: number,
    lease: { readonly now: number; readonly leaseMs: number },
    step: ReaderStep,
  ): Promise<void>;
  /**
   * Gives a reaction's lease up at `position`, unless the tenant's log has moved past it: then
   * keeps the lease and returns false, so that a wake-up that found the lease taken is not lost.
   */
  release(key: ReaderKey, owner: string, position: number): Promise<boolean>;

  /** A reaction's state (a projection's is in `readLogState`). */
  readerState(key: ReaderKey): Promise<ReaderState>;
  /** Lifts a reaction's block; `skip` also moves it past the dead event, for good. */
  releaseDeadLetter(key: ReaderKey, options: { readonly skip: boolean }): Promise<void>;
  /** The last position of the tenant's log (0 when empty). */
  head(tenant: string): Promise<number>;
  /** Every handler's dead letters in the tenant. */
  deadLetters(tenant: string): Promise<DeadLetter[]>;
  /** Tenants with events to sequence, or with one of these handlers behind its log (and not blocked). */
  tenantsWithPendingWork(handlers: HandlerNames): Promise<string[]>;
}
