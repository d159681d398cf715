import type { z } from 'zod';
import { PASCAL_NAME, type EventSchemas } from './aggregate.js';
import type { CommittedEvent } from './ports/event-store.js';
import type { EventSource } from './upcast.js';
import type { Workflow } from './workflow.js';

/** A read-model document: plain JSON-like data. */
export type Document = Record<string, unknown>;

/**
 * What a projection may touch: documents of its own collections in the event's tenant. Reads
 * see the projection's earlier writes in the same batch; writes land atomically with the
 * reader's new position, or not at all.
 */
export interface ProjectionView {
  get(collection: string, id: string): Promise<Document | undefined>;
  set(collection: string, id: string, data: Document): void;
  delete(collection: string, id: string): void;
}

/** An event handler's handler for one event: the event, and for a projection its view. */
type Handle<V> = (event: CommittedEvent, view: V) => Promise<void> | void;

/**
 * Effects are Firestore writes through the view, committed with the position: each event's
 * effect lands exactly once. A handler may run more than once for an event (a transaction
 * retried), so it must do nothing but read and write through the view.
 */
export interface Projection<A extends readonly EventSource[] = readonly EventSource[]> {
  readonly kind: 'projection';
  /** PascalCase; names the reader's position, and its dead letters. */
  readonly name: string;
  /** The collections of the tenant it owns: its read model, readable by the tenant's clients. */
  readonly collections: readonly string[];
  /** Each collection's document schema: a write that does not match fails the event. */
  readonly schemas: Readonly<Record<string, z.ZodType>>;
  /** Event name -> what it does with one. Events of other names pass it by. */
  readonly events: Readonly<Record<string, Handle<ProjectionView>>>;
  /** The aggregates whose events it handles: the reader hands it their events upcast to today's version. */
  readonly sources?: A;
}

/**
 * A command a reaction sends: its name and its input (`aggregateId`, `expectedVersion` and the
 * payload, as in a request body).
 */
export interface ReactionCommand {
  readonly command: string;
  readonly input: Readonly<Record<string, unknown>>;
}

/** What a reaction's handler returns: nothing, or the commands to send. */
export type ReactionResult = void | readonly ReactionCommand[];

/**
 * Effects outside the store (mail, webhooks, commands to other aggregates): delivered at least
 * once and in order; `event.id` is stable, to deduplicate on. Commands a handler returns are
 * sent through the reader's command handler, in order, as the service actor
 * `reaction:{name}` of the event's tenant with the reaction's `roles`, caused by the event and
 * under an idempotency key made of the event's id and the command's index: a redelivered event
 * commits nothing new (for as long as the command handler keeps idempotency records).
 */
export interface Reaction<A extends readonly EventSource[] = readonly EventSource[]> {
  readonly kind: 'reaction';
  readonly name: string;
  readonly events: Readonly<Record<string, (event: CommittedEvent) => Promise<ReactionResult> | ReactionResult>>;
  /** The aggregates whose events it handles (typed, so that a spec takes only their events). */
  readonly sources?: A;
  /** The roles of the actor its commands are sent as (default: none). */
  readonly roles?: readonly string[];
}

export type EventHandler = Projection | Reaction | Workflow;

export type { EventSource } from './upcast.js';
/** The names of the events of these aggregates. */
export type EventNames<A extends readonly EventSource[]> = A[number] extends infer X
  ? X extends { readonly events: infer E }
    ? keyof E & string
    : never
  : never;
/** The data of an event of that name, from the schema of whichever of the aggregates has it. */
export type EventData<A extends readonly EventSource[], K> = A[number] extends infer X
  ? X extends { readonly events: infer E extends EventSchemas }
    ? K extends keyof E
      ? z.output<E[K]>
      : never
    : never
  : never;

/** A committed event whose name and data the type checker knows. */
export type TypedEvent<N extends string, D> = Omit<CommittedEvent, 'name' | 'data'> & {
  readonly name: N;
  readonly data: D;
};

/** A projection's read model: collection name -> the schema of its documents. */
export type ReadModel = Readonly<Record<string, z.ZodType<Document>>>;

/** The view of a typed read model: documents come back, and go in, as their schemas say. */
export interface ReadModelView<M extends ReadModel> {
  get<C extends keyof M & string>(collection: C, id: string): Promise<z.output<M[C]> | undefined>;
  set<C extends keyof M & string>(collection: C, id: string, data: z.input<M[C]>): void;
  delete<C extends keyof M & string>(collection: C, id: string): void;
}

type On<A extends readonly EventSource[], V, R = void> = {
  readonly [K in EventNames<A>]?: (event: TypedEvent<K, EventData<A, K>>, view: V) => Promise<R> | R;
};

const checkName = (what: string, name: string) => {
  if (!PASCAL_NAME.test(name)) throw new TypeError(`${what} "${name}" must be PascalCase`);
};

/**
 * Declares a projection of the events of `from` into its read model: the handlers in `on`
 * see each event's data typed from its schema, and a view of the read model typed from
 * `readModel` (whose collections are its own, readable by the tenant's clients).
 */
export function defineProjection<const A extends readonly EventSource[], const M extends ReadModel>(definition: {
  readonly name: string;
  readonly from: A;
  readonly readModel: M;
  // NoInfer: the types come from `from` and `readModel`, and flow into the handlers from there.
  readonly on: NoInfer<On<A, ReadModelView<M>>>;
}): Projection<A> {
  checkName('Projection name', definition.name);
  for (const collection of Object.keys(definition.readModel)) checkName(`${definition.name}: collection`, collection);
  return {
    kind: 'projection',
    name: definition.name,
    collections: Object.keys(definition.readModel),
    schemas: definition.readModel,
    events: definition.on as Record<string, Handle<ProjectionView>>,
    sources: definition.from,
  };
}

/**
 * Declares a reaction to the events of `from`: at least once, in log order, data typed from the
 * schemas. A handler may return commands to send (see `Reaction`), as an actor with `roles`.
 */
export function defineReaction<const A extends readonly EventSource[]>(definition: {
  readonly name: string;
  readonly from: A;
  readonly roles?: readonly string[];
  readonly on: NoInfer<On<A, never, ReactionResult>>;
}): Reaction<A> {
  checkName('Reaction name', definition.name);
  return {
    kind: 'reaction',
    name: definition.name,
    events: definition.on as Reaction['events'],
    sources: definition.from,
    ...(definition.roles && { roles: definition.roles }),
  };
}

export { handlerOf } from './handler-of.js';
