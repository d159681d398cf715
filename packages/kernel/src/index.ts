/**
 * @firebase-event-store/kernel: aggregates, the command handler, the ordered stream reader,
 * the ports a store implements, and the in-memory store. No Firebase, no web framework.
 * The public API is this list; the pipeline's own steps, for this repository's other
 * packages only, are in `./internal`, and what a store adapter shares in `./adapter`.
 */

// Actors, identities and the text they type
export { type Actor, ActorSchema, parseActor, SAFE_ID } from './actor.js';
export { displayText, type DisplayTextOptions } from './display-text.js';
export { isUserId, UserId } from './user-id.js';

// Errors
export { AppError, Err, ERROR_CODES, type ErrorCode, type ErrorDetails, type FieldIssue, isAppError } from './err.js';

// Aggregates and the catalog
export {
  type AggregateDefinition,
  type AggregateRef,
  type AnyAggregate,
  type CommandContext,
  type ConsultedAggregate,
  type CommandDefinition,
  defineAggregate,
  type EventOf,
  type EventSchemas,
  invariant,
  type Invariant,
  type PayloadSchemas,
  type UniqueValue,
  type Upcaster,
} from './aggregate.js';
export { type AggregateRegistry, type CommandRoute, createAggregateRegistry } from './aggregate-registry.js';
export { type Catalog, type ClientReads, defineCatalog, type SubjectKeyStorage } from './catalog.js';

// Projections, reactions and workflows
export {
  defineProjection,
  defineReaction,
  type Document,
  type EventHandler,
  type Projection,
  type ProjectionView,
  type Reaction,
  type ReadModel,
  type ReactionCommand,
  type ReactionResult,
  type ReadModelView,
  type TypedEvent,
} from './event-handler.js';
export { type EventSource, upcastFrom } from './upcast.js';
export {
  defineWorkflow,
  type FiredTimer,
  type TimerRequest,
  type Workflow,
  type WorkflowContext,
  type WorkflowStep,
} from './workflow.js';

// The command handler
export {
  type CommandHandler,
  type CommandHandlerOptions,
  createCommandHandler,
  type RetryPolicy,
} from './command/command-handler.js';
export { type CommandInput, type CommandMetadata, type ConsultedRef } from './command/command-plan.js';
export { DEFAULT_UNIQUE_SECRET, uniqueKey } from './command/unique-changes.js';
export { type CommandResult } from './command/command-result.js';
export { replay } from './command/replay.js';
export { type CachedAggregate, createSnapshotCache, type SnapshotCache } from './command/snapshot-cache.js';
export { TRACER_NAME } from './tracing.js';

// The stream reader
export { pollPending, type PollPendingOptions } from './reader/poll-pending.js';
export {
  createStreamReader,
  type HandlerLag,
  type HandlerRun,
  type RunStatus,
  type StreamReader,
  type StreamReaderOptions,
  type TimerRun,
} from './reader/stream-reader.js';
export { wakeReader } from './reader/wake-reader.js';

// Personal data: sealed fields, forgetting a data subject, subject keys
export { DataSubject, SubjectForgottenSchema, SubjectId } from './personal/data-subject.js';
export { encryptPersonalData, type PersonalDataOptions } from './personal/encrypt-personal-data.js';
export { type ForgetDependencies, type ForgetReport, forgetSubject } from './personal/forget-subject.js';
export { type KeyWrapper, localKeyWrapper, type WrappedKey } from './personal/key-wrapper.js';
export { FORGOTTEN, keyIdOf, type PersonalFields } from './personal/personal-fields.js';

// The ports a store implements
export {
  type Commit,
  type CommittedEvent,
  type EventMeta,
  type EventStore,
  type IdempotencyRecord,
  type NewEvent,
  type ReadStreamOptions,
  type Snapshot,
  type StoredIdempotency,
  type StreamKey,
  type UniqueChanges,
  type UniqueClaim,
} from './ports/event-store.js';
export { type KeyLookup, type PersonalDataStore, type SubjectKey } from './ports/personal-data-store.js';
export {
  type DeadLetter,
  type HandlerFailure,
  type HandlerNames,
  type Lease,
  LeaseLost,
  type LogState,
  type LogStep,
  type LogStepWork,
  type LogStepWrites,
  MAX_STEP_WRITES,
  NEW_PROJECTION,
  NEW_READER,
  type ProjectionRecord,
  type ReaderKey,
  type ReaderRecord,
  type ReaderState,
  type ReaderStep,
  type ReaderStore,
  readerRules,
  StepTooLarge,
} from './ports/reader-store.js';

export {
  type DueTimer,
  type InstanceChange,
  type InstanceKey,
  type WorkflowInstance,
  workflowRules,
  type WorkflowStore,
  type WorkflowTimer,
} from './ports/workflow-store.js';

// The in-memory store
export { createInMemoryEventStore, type InMemoryEventStore } from './in-memory/in-memory-event-store.js';
