/**
 * The part of the store port a workflow (a process manager) uses: one instance document per
 * (tenant, workflow, instance), holding the workflow's state and the log position of the last
 * event it applied, and one document per pending timer, which the scheduled run finds by time.
 * Every change to an instance and its timers is one atomic write under a precondition on the
 * revision it was read at, so a redelivered event or a timer fired twice changes nothing.
 */
export interface InstanceKey {
  readonly tenant: string;
  readonly workflow: string;
  readonly instance: string;
}

/** A pending timer: when it is due, and the event that set it (what its commands are caused by). */
export interface WorkflowTimer {
  readonly name: string;
  /** When it is due (ISO 8601). */
  readonly at: string;
  readonly causationId: string;
  readonly correlationId: string;
  /** The trace context of the event that set it, if it had one: its commands' spans link to it. */
  readonly traceparent?: string;
}

export interface WorkflowInstance {
  readonly state: unknown;
  /** The log position of the last event applied to it: one at or before it is not applied again. */
  readonly position: number;
  /** Counts its saves: a save expects the revision it read (0: a new instance). */
  readonly revision: number;
  /** Its pending timers, by name. */
  readonly timers: Readonly<Record<string, WorkflowTimer>>;
}

/** A due timer, as the scheduled run finds it. */
export interface DueTimer extends WorkflowTimer, InstanceKey {}

/** What one save of an instance writes, all or nothing. */
export interface InstanceChange {
  /** The revision it was read at; the save writes nothing unless the instance is still there. */
  readonly from: number;
  readonly state: unknown;
  readonly position: number;
  /** Timers set (replacing one of the same name) and timers cancelled, by name. */
  readonly set: readonly WorkflowTimer[];
  readonly cancel: readonly string[];
  /** The timer this save fires: deleted with it, and it must still be there, at this time. */
  readonly fired?: { readonly name: string; readonly at: string };
}

export interface WorkflowStore {
  loadInstance(key: InstanceKey): Promise<WorkflowInstance | undefined>;
  /** Saves the change if its preconditions hold (true); otherwise writes nothing (false). */
  saveInstance(key: InstanceKey, change: InstanceChange): Promise<boolean>;
  /**
   * Timers of `workflows` in every tenant due at `now` (at <= now), the earliest first, at most
   * `limit`; none stopped by its failures. Only the named workflows': timers of a workflow the
   * caller does not run (retired, or another deployment's) must not fill its page.
   */
  dueTimers(now: Date, limit: number, workflows: readonly string[]): Promise<DueTimer[]>;
  /**
   * Counts a failed fire of a timer on the timer itself, if it is still there at that time (0
   * when it is not: fired, moved or cancelled meanwhile). At `budget` failures it is stopped: it
   * leaves the due set, and stays pending in its instance, where a step may cancel it or set it
   * again (which counts afresh). Returns the failures counted.
   */
  timerFailed(key: InstanceKey, timer: FailedTimer, budget: number): Promise<number>;
}

/** A fire that failed: the timer (its name and time) and what went wrong. */
export interface FailedTimer {
  readonly name: string;
  readonly at: string;
  readonly error: string;
}

/** The rules of the workflow port, for every adapter to apply inside its atomic write. */
export const workflowRules = {
  /** Whether a save may go ahead on what is stored. */
  accepts: (stored: WorkflowInstance | undefined, change: InstanceChange) =>
    (stored?.revision ?? 0) === change.from &&
    (!change.fired || stored?.timers[change.fired.name]?.at === change.fired.at),
  /** The timers after a save: the fired one and the cancelled ones gone, the set ones there. */
  timersAfter: (stored: WorkflowInstance | undefined, change: InstanceChange): Record<string, WorkflowTimer> => {
    const timers = { ...stored?.timers };
    if (change.fired) delete timers[change.fired.name];
    for (const name of change.cancel) delete timers[name];
    for (const timer of change.set) timers[timer.name] = timer;
    return timers;
  },
  isDue: (timer: WorkflowTimer, now: Date) => Date.parse(timer.at) <= now.getTime(),
  /** Whether a timer that failed `failures` times is stopped (out of the due set). */
  stops: (failures: number, budget: number) => failures >= budget,
};
