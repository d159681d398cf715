import { PASCAL_NAME } from './aggregate.js';
import type { EventData, EventNames, ReactionCommand, TypedEvent } from './event-handler.js';
import type { CommittedEvent } from './ports/event-store.js';
import type { EventSource } from './upcast.js';

/** A timer a workflow sets: one of its declared timers, due at `at`. Setting it again moves it. */
export interface TimerRequest {
  readonly name: string;
  readonly at: Date;
}

/** What a workflow makes of an event: its instance's new state, commands to send, timers to set or cancel. */
export interface WorkflowStep<S = unknown> {
  readonly state?: S;
  readonly commands?: readonly ReactionCommand[];
  readonly timers?: readonly TimerRequest[];
  readonly cancel?: readonly string[];
}

/** The time of the run, from the reader's clock (or the `now` of `fireDueTimers`): never Date.now(). */
export interface WorkflowContext {
  readonly now: Date;
}

/** A timer as its handler sees it. */
export interface FiredTimer {
  readonly name: string;
  readonly at: Date;
}

/**
 * A handler of a workflow, declared as a method so that a workflow of a narrower state is still
 * a `Workflow` (the reader hands each handler only its own workflow's state).
 */
type Handler<S, T> = {
  handle(state: S, input: T, context: WorkflowContext): WorkflowStep<S> | void;
}['handle'];

/**
 * A process manager: it reacts to the events of its sources in log order, keeping a state per
 * instance (an id it derives from each event; undefined passes the event by), and sends
 * commands and sets timers from it. Commands are sent through the reader's command handler as
 * the service actor `workflow:{name}` with `roles`, caused by the event, under the key
 * `{event id}#{index}` (a timer's: of the event that set it, its name and time), so a crash
 * between sending and saving the instance sends them once in effect. The instance is saved
 * with the event's position, so an event delivered again is not applied twice.
 */
export interface Workflow<A extends readonly EventSource[] = readonly EventSource[], S = unknown> {
  readonly kind: 'workflow';
  readonly name: string;
  readonly sources?: A;
  readonly roles?: readonly string[];
  readonly instance: (event: CommittedEvent) => string | undefined;
  readonly initial: () => S;
  readonly events: Readonly<Record<string, Handler<S, CommittedEvent>>>;
  readonly timers: Readonly<Record<string, Handler<S, FiredTimer>>>;
}

type On<A extends readonly EventSource[], S> = {
  readonly [K in EventNames<A>]?: (
    state: S,
    event: TypedEvent<K, EventData<A, K>>,
    context: WorkflowContext,
  ) => WorkflowStep<S> | void;
};

/**
 * Declares a workflow over the events of `from` (see `Workflow`): `on` takes each event with its
 * instance's state, `timers` each declared timer when it fires. Handlers are pure: what they
 * return is all they do, and the time they see is the context's.
 */
export function defineWorkflow<const A extends readonly EventSource[], S>(definition: {
  readonly name: string;
  readonly from: A;
  readonly roles?: readonly string[];
  readonly instance: (event: TypedEvent<EventNames<A>, unknown>) => string | undefined;
  readonly initial: () => S;
  readonly on: NoInfer<On<A, S>>;
  readonly timers?: Readonly<
    Record<string, (state: NoInfer<S>, timer: FiredTimer, context: WorkflowContext) => WorkflowStep<NoInfer<S>> | void>
  >;
}): Workflow<A, S> {
  if (!PASCAL_NAME.test(definition.name)) throw new TypeError(`Workflow name "${definition.name}" must be PascalCase`);
  return {
    kind: 'workflow',
    name: definition.name,
    sources: definition.from,
    ...(definition.roles && { roles: definition.roles }),
    instance: definition.instance as Workflow['instance'],
    initial: definition.initial,
    events: definition.on as Workflow<A, S>['events'],
    timers: definition.timers ?? {},
  };
}
