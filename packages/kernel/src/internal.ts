/**
 * @firebase-event-store/kernel/internal: the steps of the command pipeline and the kernel's
 * helpers that this repository's other packages compose (the testing kit's aggregateSpec runs
 * planCommand, fold and decide; the HTTP app parses with parseInput). No promise of stability:
 * anything here may change with any release. The public API is `@firebase-event-store/kernel`.
 */

// Actors and identities
export { checkActor, safeId } from './actor.js';
export { USER_ID_RULE } from './user-id.js';

// Aggregates and upcasting
export { PASCAL_NAME } from './aggregate.js';
export { handlerOf } from './handler-of.js';
export { eventVersionOf, upcastData } from './upcast.js';

// The command pipeline's steps: plan, fold, decide, spans
export { CommandEnvelope, type CommandPlan, parseAggregateId, planCommand } from './command/command-plan.js';
export { decide, type Decision } from './command/decide.js';
export { deepFreeze, fold, schemaVersionOf } from './command/replay.js';
export { activeTraceparent, inSpan, spanContextOf } from './tracing.js';

// Input parsing
export { parseInput, toFieldIssues } from './field-issues.js';

// Personal data
export { sealedKeyIds } from './personal/encrypt-personal-data.js';
export { holdsPersonalData, personalFieldsOf } from './personal/personal-fields.js';

// Workflows: the testing kit's workflowSpec fires one timer
export { fireDueTimers } from './reader/fire-due-timers.js';
