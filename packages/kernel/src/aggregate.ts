import type { z } from 'zod';
import type { Actor } from './actor.js';
import type { PersonalFields } from './personal/personal-fields.js';

/** Event name -> schema of its data. */
export type EventSchemas = Record<string, z.ZodType>;
/** Command name -> schema of its payload. */
export type PayloadSchemas = Record<string, z.ZodType>;

/** An event as a command emits it: a name and data that match that name's schema. */
export type EventOf<E extends EventSchemas> = {
  [K in keyof E & string]: { readonly name: K; readonly data: z.output<E[K]> };
}[keyof E & string];

/** What a command sees besides the state and its payload. Everything impure comes in here. */
export interface CommandContext {
  readonly actor: Actor;
  readonly aggregateId: string;
  /** Version of the state the command decides on; 0 when the aggregate does not exist yet. */
  readonly version: number;
  /**
   * The aggregates the command's `consults` named, in its order, as the handler read them: a
   * commit lands only if none of them changed since (their version is its precondition).
   */
  readonly consulted: readonly ConsultedAggregate[];
}

/** Another aggregate a command decides on: version 0 and the initial state if it does not exist. */
export interface ConsultedAggregate {
  readonly type: string;
  readonly id: string;
  readonly version: number;
  readonly state: unknown;
}

/** An aggregate a command names to consult. */
export interface AggregateRef {
  readonly type: string;
  readonly id: string;
}

/**
 * A named rule a command requires of the state, the actor and the payload before it decides
 * (act's `given([...])`): "only the list's owner may share it". A rule that does not hold
 * answers 409 (`PRECONDITION`), or 403 (`FORBIDDEN`) for `kind: 'forbidden'`, with the rule's
 * name in the problem document; it stays out of `evolve` and out of `handle`.
 */
export interface Invariant<S, P = unknown> {
  readonly name: string;
  readonly kind: 'precondition' | 'forbidden';
  /** A method, so that an invariant of a specific state is still one of `AnyAggregate` (bivariance). */
  holds(state: S, context: CommandContext, payload: P): boolean;
  /** What the client is told; default: the rule's name. */
  readonly message?: string;
}

/** Declares a named invariant; `kind: 'forbidden'` for a rule about who may do it. */
export const invariant = <S, P = unknown>(
  name: string,
  holds: Invariant<S, P>['holds'],
  options: { readonly kind?: Invariant<S, P>['kind']; readonly message?: string } = {},
): Invariant<S, P> => ({
  name,
  holds,
  kind: options.kind ?? 'precondition',
  ...(options.message && { message: options.message }),
});

/** A command of an aggregate with state `S` that emits events of the union `Ev`. */
export interface CommandDefinition<S, Ev, P extends z.ZodType> {
  /** Validates the payload; an object schema is made strict, so unknown keys are rejected. */
  readonly payload: P;
  /** The actor needs at least one of these roles; absent means any actor of the tenant. */
  readonly roles?: readonly string[];
  /** `new`: the aggregate must not exist yet; `existing`: it must. Absent: either. */
  readonly requires?: 'new' | 'existing';
  /** Named rules that must hold first, checked in order (after `roles` and `requires`). */
  readonly given?: readonly Invariant<S, z.output<P>>[];
  /**
   * Other aggregates of the tenant the decision depends on ("the product must still be on
   * sale"): each is read once (its snapshot) and given to `given` and `handle` in
   * `context.consulted`, and the commit fails if any of them changed since: retried on fresh
   * states without an expected version, 412 with one. Consulting is not locking: it is for
   * rules across aggregates, not for writing them (each command writes one aggregate).
   */
  readonly consults?: (payload: z.output<P>) => readonly AggregateRef[];
  /** Decides: returns the events to commit, or throws an `Err`. Pure: no I/O, clock or random. */
  handle(state: S, payload: z.output<P>, context: CommandContext): readonly Ev[];
}

/**
 * An event's effect on the state. Written as a method type so that a definition with specific
 * data types is still an `AnyAggregate` (methods are checked bivariantly).
 */
type Evolve<S, D> = { evolve(state: S, data: D): S }['evolve'];

export interface AggregateDefinition<
  S = unknown,
  E extends EventSchemas = EventSchemas,
  C extends PayloadSchemas = PayloadSchemas,
> {
  /**
   * PascalCase name. Part of every event id, and the name of the snapshot collection; the
   * store's own collections are lowercase, so the two can never collide.
   */
  readonly type: string;
  /** Bump when `evolve` or the state shape changes: older snapshots are then rebuilt from events. */
  readonly schemaVersion?: number;
  readonly state: z.ZodType<S>;
  readonly init: () => S;
  readonly events: E;
  readonly commands: { readonly [K in keyof C]: CommandDefinition<S, EventOf<E>, C[K]> };
  /** One pure function per event: the state after it. Returns a new state; never mutates. */
  readonly evolve: { readonly [K in keyof E]: Evolve<S, z.output<E[K]>> };
  /**
   * How older shapes of an event become today's: `[v1ToV2, v2ToV3]` makes the event's current
   * version 3. Pure functions of the stored data; the result is checked against the schema.
   */
  readonly upcasters?: { readonly [K in keyof E]?: readonly Upcaster[] };
  /**
   * Personal data in events, sealed with a key per data subject so that forgetting the subject
   * (deleting the key) erases it from every read: `{ NoteCreated: { subject: 'authorId',
   * fields: ['authorName'] } }`. The fields are strings at the current version of the event.
   */
  readonly personal?: { readonly [K in keyof E]?: PersonalFields };
  /**
   * Values unique in the tenant, one named rule each: `{ sku: (state) => state.sku }`. The
   * rule reads the value the aggregate holds from its state, so the commands never say what
   * to claim or release: a commit whose events change the value claims the new one and
   * releases the old one (null: holds nothing) in the same atomic write, with no read. A value
   * another aggregate of the type holds fails the commit with 409 and the rule's name; the
   * holder's own value is never claimed again. The store keeps only a keyed hash of the value.
   */
  readonly unique?: Readonly<Record<string, UniqueValue<S>>>;
}

/**
 * The value an aggregate holds under a unique rule, read from its state; null or undefined
 * holds nothing. A method type, so a rule of a specific state is still one of `AnyAggregate`.
 */
export type UniqueValue<S> = { value(state: S): string | number | null | undefined }['value'];

/** One step of an event's history: its data at version n, returned as version n + 1. */
export type Upcaster = (data: Readonly<Record<string, unknown>>) => unknown;

/**
 * Any aggregate definition, whatever its state, events and commands: what the registry and the
 * command handler hold. Their inputs are validated by the definition's own schemas at run time.
 */
export type AnyAggregate = AggregateDefinition<unknown, EventSchemas, PayloadSchemas>;

/** Names of types, commands, events, handlers and read models: they end up in ids and paths. */
export const PASCAL_NAME = /^[A-Z][A-Za-z0-9]{0,63}$/;

/**
 * What TypeScript reads `init` against before it has the type of `state` (it reads the whole
 * definition first, and caches a function's return type): a shape under which the literals
 * `init` returns stay literals (`status: 'open'`, not `string`), as `L` is a type variable of
 * strings, numbers and booleans, so that they still fit an enum of the schema when `init` is
 * checked against it. The other members let any schema's output be a state.
 */
type LiteralsKept<L> =
  | L
  | readonly LiteralsKept<L>[]
  | { readonly [key: string]: LiteralsKept<L> }
  | object
  | string
  | number
  | boolean
  | bigint
  | symbol
  | null
  | undefined;

/** The output of a state schema, as an indexed access, whose constraint TypeScript reads `init` against. */
type StateOf<Z extends z.ZodType> = Z['_zod']['output'];

/**
 * Declares an aggregate. The generic parameters are inferred, so `handle` and `evolve` see the
 * exact payload and event data types of their schemas. The state's type is the output of the
 * `state` schema and nothing else: `init`, `evolve` and `handle` are checked against it as
 * written (an empty map from `init`, a literal of an enum from `evolve`), with no annotation.
 */
export function defineAggregate<
  Z extends z.ZodType<LiteralsKept<L>>,
  E extends EventSchemas,
  C extends PayloadSchemas,
  L extends string | number | boolean = string | number | boolean,
>(
  // The state's type comes from `state` alone: left to TypeScript, it would be inferred from
  // `init`'s literal too (`{}` for an empty map, `string` for an enum).
  definition: AggregateDefinition<StateOf<Z>, E, C> & { readonly state: Z },
): AggregateDefinition<StateOf<Z>, E, C> {
  const { type, commands, events, evolve } = definition;
  if (!PASCAL_NAME.test(type)) throw new TypeError(`Aggregate type "${type}" must be PascalCase`);
  for (const name of [...Object.keys(commands), ...Object.keys(events)]) {
    if (!PASCAL_NAME.test(name)) throw new TypeError(`${type}: "${name}" must be PascalCase`);
  }
  for (const name of Object.keys(events)) {
    if (typeof evolve[name] !== 'function') throw new TypeError(`${type}: no evolve for ${name}`);
  }
  for (const [name, chain] of Object.entries(definition.upcasters ?? {})) {
    if (!Object.hasOwn(events, name)) throw new TypeError(`${type}: upcasters for ${name}, which is no event of it`);
    if (!Array.isArray(chain) || !chain.every((step) => typeof step === 'function'))
      throw new TypeError(`${type}: the upcasters of ${name} must be a list of functions`);
  }
  for (const [name, personal] of Object.entries(definition.personal ?? {})) {
    if (!Object.hasOwn(events, name))
      throw new TypeError(`${type}: personal fields for ${name}, which is no event of it`);
    const { subject, fields } = personal ?? {};
    if (typeof subject !== 'string' || !Array.isArray(fields) || fields.length === 0 || fields.includes(subject))
      throw new TypeError(`${type}: the personal fields of ${name} need a subject field and other fields to seal`);
  }
  for (const [name, rule] of Object.entries(definition.unique ?? {})) {
    if (!UNIQUE_RULE.test(name)) throw new TypeError(`${type}: unique rule "${name}" must be a short name`);
    if (typeof rule !== 'function') throw new TypeError(`${type}: unique rule ${name} must be a function of the state`);
  }
  return definition;
}

/** A unique rule's name: it is reported to clients (409) and part of every claim's hash. */
const UNIQUE_RULE = /^[A-Za-z][A-Za-z0-9-]{0,63}$/;
