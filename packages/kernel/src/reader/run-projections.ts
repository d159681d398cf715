import type { Projection } from '../event-handler.js';
import type { CommittedEvent } from '../ports/event-store.js';
import {
  MAX_STEP_WRITES,
  StepTooLarge,
  type DeadLetter,
  type LogStep,
  type ProjectionRecord,
  type ReaderStore,
} from '../ports/reader-store.js';
import { addLinksTo, ATTRIBUTES, failed, inSpan } from '../tracing.js';
import { applyProjection } from './apply-projection.js';
import { errorStatus } from './bounded-calls.js';
import { failureAt, messageOf } from './failure-step.js';
import type { HandlerRun, RunStatus } from './handler-run.js';
import { stagedView } from './staged-view.js';

export interface ProjectionsSettings {
  readonly store: ReaderStore;
  readonly projections: readonly Projection[];
  readonly now: () => number;
  /** Events per step. */
  readonly pageSize: number;
  /** Runs an event may fail in before it becomes a dead letter. */
  readonly retryBudget: number;
}

/** What one step did, as the run needs it (computed inside the step, which may run twice). */
interface StepResult {
  /** Where each projection stood before the step. */
  readonly before: Readonly<Record<string, number>>;
  /** The projections the step changed. */
  readonly after: Readonly<Record<string, ProjectionRecord>>;
  /** Projections the step left alone: blocked on a dead letter, or being rebuilt. */
  readonly held: Readonly<Record<string, 'blocked' | 'busy'>>;
  readonly deadLetters: readonly DeadLetter[];
  /** The events the step read or positioned. */
  readonly events: readonly CommittedEvent[];
  /** Nothing was pending and every projection still running is at the head. */
  readonly done: boolean;
}

/**
 * The tenant's projections, advanced together: each step is one atomic write of the log
 * document (the head and every projection's place), the positions of the events it took, and
 * the read-model documents they changed. A step reads the log from the place of the projection
 * furthest behind, or, when every projection is at the head, takes the oldest pending events
 * and positions them: so the common wake-up, one new event, is one step whose reads and
 * writes are the pending query, the log document and the read models, and nothing per
 * projection besides its own documents. Steps of two wake-ups are serialised by the log
 * document, so no lease is needed: each step applies an event to a projection only past the
 * place it read in the same atomic write. A projection that fails stops for this run (its
 * failure counted, dead-lettered past the budget); the others go on.
 */
export async function runProjections(
  settings: ProjectionsSettings,
  tenant: string,
  deadline: number,
  seen: (events: readonly CommittedEvent[]) => void,
): Promise<HandlerRun[]> {
  const { projections, now, pageSize } = settings;
  const from = new Map<string, number>();
  const to = new Map<string, number>();
  const ended = new Map<string, { status: RunStatus; error?: string }>();
  const end = (status: RunStatus, error?: string) => {
    for (const { name } of projections) if (!ended.has(name)) ended.set(name, { status, ...(error && { error }) });
  };
  let limit = pageSize;
  // Without projections, the steps only position events (for the reactions); with them, until
  // every projection has ended its run.
  while (projections.length === 0 || ended.size < projections.length) {
    if (now() >= deadline) {
      end('out-of-time'); // the next run (a trigger or the schedule) goes on from here
      break;
    }
    let step: StepResult;
    try {
      const stopped = new Set(ended.keys());
      step = await stepSpan(settings, tenant, stopped, limit);
    } catch (error) {
      if (error instanceof StepTooLarge && limit > 1) {
        limit = Math.ceil(limit / 2);
        continue;
      }
      end(errorStatus(error), messageOf(error));
      break;
    }
    for (const [name, position] of Object.entries(step.before)) if (!from.has(name)) from.set(name, position);
    for (const [name, position] of Object.entries(step.before)) to.set(name, position);
    for (const [name, record] of Object.entries(step.after)) {
      to.set(name, record.position);
      if (record.failure)
        ended.set(name, { status: record.blocked ? 'dead-lettered' : 'failed', error: record.failure.error });
    }
    for (const [name, status] of Object.entries(step.held)) if (!ended.has(name)) ended.set(name, { status });
    seen(step.events);
    if (step.done) {
      end('caught-up');
      break;
    }
  }
  return projections.map(({ name }) => ({
    tenant,
    handler: name,
    from: from.get(name) ?? 0,
    to: to.get(name) ?? from.get(name) ?? 0,
    ...ended.get(name)!,
  }));
}

/**
 * One step of the projections, one transaction, as one span. Its events are known only inside
 * the transaction (which may run again on contention), so its links to the spans that committed
 * them (their `traceparent`s, each once, at most `MAX_LINKS`) are added as they are read.
 */
function stepSpan(
  settings: ProjectionsSettings,
  tenant: string,
  stopped: ReadonlySet<string>,
  limit: number,
): Promise<StepResult> {
  const attributes = { [ATTRIBUTES.tenant]: tenant, 'event_store.limit': limit };
  return inSpan('reader.projections.step', { attributes }, async (span) => {
    const linked = new Set<string>();
    const step = await settings.store.stepLog(tenant, { pending: limit }, async (log) => {
      const once = await stepOnce(settings, tenant, log, stopped, limit);
      addLinksTo(
        span,
        linked,
        once.result.events.map((event) => event.meta.traceparent),
      );
      return once;
    });
    span.setAttribute(ATTRIBUTES.events, step.events.length);
    const failure = Object.values(step.after).find((record) => record.failure);
    if (failure) failed(span, new ProjectionFailed());
    return step;
  });
}

/** The error type a step's span records when a projection failed in it (its message may quote an event). */
class ProjectionFailed extends Error {
  override name = 'ProjectionFailed';
}

/**
 * Each of `members` applies the events past its place, through one staged view whose writes go
 * to the step's view, counted with the step's other writes (`writes` so far, the log document,
 * the dead letters): a step over Firestore's limit is refused before anything is written.
 */
export async function projectEvents(
  settings: Pick<ProjectionsSettings, 'now' | 'retryBudget'>,
  tenant: string,
  log: LogStep,
  members: readonly (readonly [Projection, ProjectionRecord])[],
  events: readonly CommittedEvent[],
  writes: number,
) {
  const page = stagedView((collection, id) => log.view.get(collection, id));
  const after: Record<string, ProjectionRecord> = {};
  const deadLetters: DeadLetter[] = [];
  for (const [projection, record] of members) {
    if (!events.some((event) => event.position! > record.position)) continue;
    const key = { tenant, handler: projection.name };
    const outcome = await applyProjection(projection, record, events, page.view, (event, error) =>
      failureAt(settings, key, record.failure, event, error),
    );
    after[projection.name] = outcome.record;
    if (outcome.deadLetter) deadLetters.push(outcome.deadLetter);
  }
  let count = writes + deadLetters.length + 1;
  for (const { collection, id, data } of page.writes()) {
    count++;
    if (data === null) log.view.delete(collection, id);
    else log.view.set(collection, id, data);
  }
  if (count > MAX_STEP_WRITES) throw new StepTooLarge(`${count} writes in one step`);
  return { after, deadLetters };
}

/** One step: which events, then each projection still running applies those past its place. */
async function stepOnce(
  settings: ProjectionsSettings,
  tenant: string,
  log: LogStep,
  stopped: ReadonlySet<string>,
  limit: number,
): Promise<{
  writes: { projections: Record<string, ProjectionRecord>; deadLetters: DeadLetter[] };
  result: StepResult;
}> {
  const records = await Promise.all(
    settings.projections.map(async (projection) => [projection, await log.projection(projection.name)] as const),
  );
  const held: Record<string, 'blocked' | 'busy'> = {};
  const members = records.filter(([{ name }, record]) => {
    if (record.blocked) held[name] = 'blocked';
    // A rebuild under way is the rebuild's alone; one whose lease expired, a poll takes over.
    else if (record.rebuild !== null) held[name] = 'busy';
    return !stopped.has(name) && !held[name];
  });
  const behind = Math.min(...members.map(([, record]) => record.position));
  const catchingUp = behind < log.head;
  const events = catchingUp ? await log.readLog(behind, limit) : await log.sequence();
  const head = Math.max(log.head, events.at(-1)?.position ?? 0);

  const { after, deadLetters } = await projectEvents(
    settings,
    tenant,
    log,
    members,
    events,
    catchingUp ? 0 : events.length,
  );
  // A projection the log document does not hold yet is written into it, whatever it did.
  for (const [{ name }, record] of records) if (!(name in log.projections) && !after[name]) after[name] = record;
  const placeOf = (name: string, record: ProjectionRecord) => (after[name] ?? record).position;
  const done =
    !catchingUp &&
    events.length < limit &&
    members.every(([{ name }, record]) => placeOf(name, record) >= head && !after[name]?.failure);
  const before = Object.fromEntries(records.map(([{ name }, record]) => [name, record.position]));
  return {
    writes: { projections: after, deadLetters },
    result: { before, after, held, deadLetters, events, done },
  };
}
