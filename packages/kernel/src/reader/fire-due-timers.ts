import { workflowRules, type WorkflowStore, type DueTimer } from '../ports/workflow-store.js';
import type { Workflow } from '../workflow.js';
import { checkWorkflowStep } from './check-workflow-step.js';
import { messageOf } from './failure-step.js';
import { sendCommands } from './send-commands.js';
import { workflowActor } from './workflow-actor.js';
import type { WorkflowSettings } from './workflow-reaction.js';

/** What became of one due timer in a run. */
export interface TimerRun {
  readonly tenant: string;
  readonly workflow: string;
  readonly instance: string;
  readonly timer: string;
  /**
   * fired: its commands sent and its instance saved without it; gone: fired, moved or cancelled
   * by another run meanwhile (nothing done); conflict: its instance changed meanwhile (an event),
   * so nothing was saved and it stays for the next run; failed: it stays, and the next run tries
   * again; dead-lettered: it failed as many times as the reader's retry budget, and no run fires it
   * again (it stays pending in its instance, where a step may cancel it or set it again).
   */
  readonly status: 'fired' | 'gone' | 'conflict' | 'failed' | 'dead-lettered';
  readonly error?: string;
  /** Of a failed or dead-lettered timer: its failed fires so far, counted on the timer. */
  readonly failures?: number;
}

/** What one run of the timers fires: due at `now`, at most `limit`, none started after `deadline`. */
export interface TimerRunOptions {
  readonly now: Date;
  readonly limit: number;
  /**
   * When the run must stop starting timers (ms since the epoch, by the reader's clock): those
   * left wait for the next run. Each store call is bounded too, so a run ends soon after it.
   */
  readonly deadline?: number;
}

/**
 * Fires the timers due at `now`, the earliest first, at most `limit`, one after the other.
 *
 * The every-minute scheduled function calls this, rather than a Cloud Task per timer: it is one
 * mechanism already deployed, a timer is at most a minute late, and a timer kept as a document
 * costs one write to set and one read and one write to fire. Firing twice (two runs at once, a
 * retried run) acts once: the timer's commands go under keys of the timer (answered from their
 * records the second time), and the timer document is deleted in the same commit as the
 * instance's update, under a precondition that it is still there: the second save writes nothing.
 */
export async function fireDueTimers(
  settings: WorkflowSettings & { readonly store: WorkflowStore; readonly retryBudget: number },
  workflows: readonly Workflow[],
  { now, limit, deadline = Infinity }: TimerRunOptions,
): Promise<TimerRun[]> {
  const byName = new Map(workflows.map((workflow) => [workflow.name, workflow]));
  if (workflows.length === 0) return [];
  const due = await settings.store.dueTimers(
    now,
    limit,
    workflows.map((workflow) => workflow.name),
  );
  const runs: TimerRun[] = [];
  for (const timer of due) {
    if (settings.clock().getTime() >= deadline) break;
    const workflow = byName.get(timer.workflow)!;
    const run = { tenant: timer.tenant, workflow: timer.workflow, instance: timer.instance, timer: timer.name };
    try {
      runs.push({ ...run, status: await fire(settings, workflow, timer, now) });
    } catch (error) {
      runs.push({ ...run, ...(await failed(settings, timer, messageOf(error))) });
    }
  }
  return runs;
}

/**
 * A failed fire, counted on the timer: within the budget it stays due, and the next run tries it
 * again; at the budget it leaves the due set (dead-lettered), as a handler stops on a dead letter.
 */
async function failed(
  settings: WorkflowSettings & { readonly retryBudget: number },
  timer: DueTimer,
  error: string,
): Promise<Pick<TimerRun, 'status' | 'error' | 'failures'>> {
  const key = { tenant: timer.tenant, workflow: timer.workflow, instance: timer.instance };
  try {
    const failures = await settings.store.timerFailed(
      key,
      { name: timer.name, at: timer.at, error },
      settings.retryBudget,
    );
    if (failures === 0) return { status: 'failed', error }; // it moved meanwhile: nothing to count
    const stopped = workflowRules.stops(failures, settings.retryBudget);
    return { status: stopped ? 'dead-lettered' : 'failed', error, failures };
  } catch {
    return { status: 'failed', error }; // not counted: the next run tries it again
  }
}

async function fire(
  settings: WorkflowSettings,
  workflow: Workflow,
  due: DueTimer,
  now: Date,
): Promise<TimerRun['status']> {
  const key = { tenant: due.tenant, workflow: due.workflow, instance: due.instance };
  const stored = await settings.store.loadInstance(key);
  const timer = stored?.timers[due.name];
  if (!stored || !timer || timer.at !== due.at || Date.parse(timer.at) > now.getTime()) return 'gone';
  const handle = workflow.timers[due.name];
  if (!handle) throw new TypeError(`${workflow.name}: "${due.name}" is not one of its timers`);
  const step = handle(stored.state, { name: timer.name, at: new Date(timer.at) }, { now });
  const { causationId, correlationId, traceparent } = timer;
  const cause = { causationId, correlationId, ...(traceparent && { traceparent }) };
  const timers = checkWorkflowStep(workflow, step, cause);
  await sendCommands(
    settings.commands,
    workflow.name,
    workflowActor(workflow, due.tenant),
    { ...cause, key: `${timer.causationId}~${timer.name}@${timer.at}` },
    step?.commands,
  );
  const saved = await settings.store.saveInstance(key, {
    from: stored.revision,
    state: step && 'state' in step ? step.state : stored.state,
    position: stored.position,
    ...timers,
    fired: { name: timer.name, at: timer.at },
  });
  if (saved) return 'fired';
  // Lost to another save: a run that fired it too, or an event applied to the instance.
  return (await settings.store.loadInstance(key))?.timers[due.name]?.at === due.at ? 'conflict' : 'gone';
}
