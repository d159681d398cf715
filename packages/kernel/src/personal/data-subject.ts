import { z } from 'zod';
import { defineAggregate } from '../aggregate.js';
import { UserId } from '../user-id.js';

/** A data subject as their events name them: a user id, under the rule every id follows. */
export const SubjectId = UserId;

/** What forgetting a data subject rebuilt: the audit event's data. */
export const SubjectForgottenSchema = z.strictObject({
  subject: SubjectId,
  /** The subject was already forgotten: this run only rebuilt again. */
  alreadyForgotten: z.boolean(),
  snapshots: z.array(z.strictObject({ type: z.string(), id: z.string(), version: z.int() })),
  idempotencyRecords: z.int(),
  readModels: z.array(z.string()),
});

/**
 * The audit trail of forgetting: one stream per data subject (`DataSubject/{key id}`), one
 * `SubjectForgotten` event per run of `forgetSubject`. No commands: only the operation writes it.
 */
export const DataSubject = defineAggregate({
  type: 'DataSubject',
  state: z.object({ forgotten: z.boolean(), runs: z.int() }),
  init: () => ({ forgotten: false, runs: 0 }),
  events: { SubjectForgotten: SubjectForgottenSchema },
  commands: {},
  evolve: { SubjectForgotten: (state) => ({ forgotten: true, runs: state.runs + 1 }) },
});
