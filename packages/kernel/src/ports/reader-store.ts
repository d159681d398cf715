import type { ProjectionView } from '../event-handler.js';

/**
 * The part of the store port the stream reader uses: one position and lease per (tenant,
 * handler), the projections' documents, and dead letters. Every adapter implements it next to
 * `EventStore`; the reader contract suite is its specification.
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

/** What an adapter keeps per (tenant, handler): the handler's state and who holds its lease. */
export interface ReaderRecord extends ReaderState {
  readonly lease: { readonly owner: string; readonly until: number } | null;
}

export const NEW_READER: ReaderRecord = { position: 0, failure: null, blocked: false, lease: null };

/**
 * The rules of the reader port, in one place for every adapter: each applies them inside its
 * own atomic read-modify-write of a `ReaderRecord`.
 */
export const readerRules = {
  stateOf: ({ position, failure, blocked }: ReaderRecord): ReaderState => ({ position, failure, blocked }),
  holds: (reader: ReaderRecord, owner: string) => reader.lease?.owner === owner,
  /** `acquire` fails only on a lease another owner holds and that has not expired. */
  heldByAnother: (reader: ReaderRecord, owner: string, now: number) =>
    reader.lease !== null && reader.lease.owner !== owner && reader.lease.until > now,
  /** `advance`: the step's state, blocked by a dead letter, with the lease renewed. */
  afterStep: (reader: ReaderRecord, step: ReaderStep, owner: string, until: number): ReaderRecord => ({
    position: step.position,
    failure: step.failure,
    blocked: reader.blocked || step.deadLetter !== undefined,
    lease: { owner, until },
  }),
  /** `release` keeps the lease of a handler that is not blocked while its log has moved past `position`. */
  keepsLease: (reader: ReaderRecord, head: number, position: number) => head > position && !reader.blocked,
  /** `releaseDeadLetter`: where the handler resumes; `skip` moves it past the dead event. */
  positionAfterRelease: (reader: ReaderRecord, skip: boolean) =>
    skip && reader.failure ? reader.failure.position : reader.position,
  /** Has work for the scheduled reader: not blocked, and behind the tenant's log head. */
  isBehind: (reader: ReaderRecord, head: number) => !reader.blocked && reader.position < head,
};

/** What one step of a reader commits with the documents it wrote. */
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

export interface ReaderStore {
  /**
   * Takes the lease of (tenant, handler) until `now + leaseMs` if it is free, expired or already
   * this owner's; the handler's state, or undefined when another owner holds it.
   */
  acquire(key: ReaderKey, owner: string, now: number, leaseMs: number): Promise<ReaderState | undefined>;
  /**
   * One atomic step: checks that `owner` holds the lease and the position is `from`, runs `work`
   * (which may read and write the `collections` of the tenant through the view), then commits
   * the view's writes, the step and a renewed lease together. Throws `LeaseLost`, writing
   * nothing, if the lease or the position moved. `work` may run more than once.
   */
  advance(
    key: ReaderKey,
    owner: string,
    from: number,
    lease: { readonly now: number; readonly leaseMs: number },
    collections: readonly string[],
    work: (view: ProjectionView) => Promise<ReaderStep>,
  ): Promise<ReaderStep>;
  /**
   * Gives the lease up at `position`, unless the tenant's log has moved past it: then keeps the
   * lease and returns false, so that a wake-up that found the lease taken is not lost.
   */
  release(key: ReaderKey, owner: string, position: number): Promise<boolean>;
  readerState(key: ReaderKey): Promise<ReaderState>;
  /** The last position of the tenant's log (0 when empty). */
  head(tenant: string): Promise<number>;
  deadLetters(tenant: string): Promise<DeadLetter[]>;
  /** Lifts the handler's block; `skip` also moves it past the dead event, for good. */
  releaseDeadLetter(key: ReaderKey, options: { readonly skip: boolean }): Promise<void>;
  /** Deletes the projection's documents and sets its position to 0, under the owner's lease. */
  reset(key: ReaderKey, owner: string, collections: readonly string[]): Promise<void>;
  /** Tenants with events to sequence, or with one of these handlers behind its log (and not blocked). */
  tenantsWithPendingWork(handlers: readonly string[]): Promise<string[]>;
}
