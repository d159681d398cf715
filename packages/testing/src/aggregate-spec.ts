import { deepStrictEqual, fail, strictEqual } from 'node:assert/strict';
import {
  createAggregateRegistry,
  Err,
  isAppError,
  type Actor,
  type AnyAggregate,
  type AggregateDefinition,
  type CommandInput,
  type ConsultedAggregate,
  type ErrorCode,
  type EventOf,
  type EventSchemas,
  type PayloadSchemas,
} from '@firebase-event-store/kernel';
import { decide, fold, planCommand } from '@firebase-event-store/kernel/internal';
import type { z } from 'zod';

/** The actor of a spec that names none: a user of tenant `t1` with no roles. */
const ANYONE: Actor = Object.freeze({ id: 'spec-user', name: 'Spec User', tenant: 't1', roles: Object.freeze([]) });

type Outcome<Ev> =
  | { readonly events: readonly Ev[]; readonly state: unknown }
  | { readonly error: { readonly code: ErrorCode; readonly rule?: string; readonly message: string } };

/**
 * Given events, when a command by an actor, then events or an error (Emmett's
 * `DeciderSpecification`, act's `sandbox()`): an aggregate's behaviour, checked the way the
 * command handler decides (the actor, the command's roles, `requires`, its named invariants,
 * `handle`, the events' schemas, the fold), without a store. Assertions are node:assert's, so
 * any test runner reports them. Events are the aggregate's own: a misspelt name is a type
 * error, and a `TypeError` at run time.
 *
 *   const spec = aggregateSpec(TodoList);
 *   spec.given([{ name: 'ListOpened', data: { owner: 'u1', title: 'Groceries' } }])
 *     .when('AddItem', { text: 'milk' }, alice)
 *     .then([{ name: 'ItemAdded', data: { text: 'milk' } }]);
 *   spec.given([]).taken({ title: ['groceries'] })
 *     .when('OpenList', { title: 'Groceries' }, alice)
 *     .thenFails('PRECONDITION', 'title');
 */
export function aggregateSpec<S, E extends EventSchemas, C extends PayloadSchemas>(
  aggregate: AggregateDefinition<S, E, C>,
  /** The aggregates its commands consult (given as states in `given`'s second argument). */
  consults: readonly AnyAggregate[] = [],
) {
  const registry = createAggregateRegistry([aggregate, ...consults]);
  // A misspelt name is a type error; from JavaScript, or through a cast, it is this error, and
  // not an INTERNAL "cannot apply" from the fold or a diff that hides the cause.
  const declared = (events: readonly { readonly name: string }[]) => {
    for (const { name } of events) {
      if (!Object.hasOwn(aggregate.events, name))
        throw new TypeError(
          `${aggregate.type}: "${name}" is not one of its events (${Object.keys(aggregate.events).join(', ')})`,
        );
    }
  };
  /** The values of the aggregate's unique rules that other aggregates of the tenant hold. */
  type Taken = Readonly<Record<string, readonly (string | number)[]>>;
  const rules = Object.entries(aggregate.unique ?? {}) as [string, (state: S) => string | number | null | undefined][];
  const checkTaken = (taken: Taken) => {
    for (const rule of Object.keys(taken)) {
      if (!rules.some(([name]) => name === rule))
        throw new TypeError(
          `${aggregate.type}: "${rule}" is not one of its unique rules (${rules.map(([name]) => name).join(', ') || 'none'})`,
        );
    }
  };
  /**
   * What the store's commit does with the unique rules: a decision that moves a rule's value
   * onto one another aggregate holds is refused with 409 and the rule's name, nothing written.
   */
  const claimed = (before: S, after: S, taken: Taken) =>
    rules.find(([rule, valueOf]) => {
      const [old, now] = [valueOf(before) ?? null, valueOf(after) ?? null];
      return now !== null && now !== old && (taken[rule] ?? []).includes(now);
    })?.[0];

  const when = (history: readonly EventOf<E>[], consulted: readonly ConsultedAggregate[], taken: Taken) =>
    /** The command, with its payload (and aggregateId, expectedVersion if the test cares), by `actor`. */
    function when<K extends keyof C & string>(
      command: K,
      payload: z.input<C[K]> & { readonly aggregateId?: string; readonly expectedVersion?: number },
      actor: Actor = ANYONE,
    ) {
      let outcome: Outcome<EventOf<E>>;
      try {
        const input = { aggregateId: 'spec-aggregate', ...(payload as CommandInput) };
        const plan = planCommand(registry, () => 'spec-id', actor, command, input, {});
        const state = fold(aggregate, aggregate.init(), history);
        const decision = decide(plan, { version: history.length, state }, Infinity, consulted);
        // Events as the aggregate wrote them: name and data (the handler adds their version).
        const events = decision.events.map(({ name, data }) => ({ name, data }) as EventOf<E>);
        const rule = events.length > 0 ? claimed(state as S, decision.state as S, taken) : undefined;
        if (rule !== undefined) throw Err.precondition(rule, `${rule} is already taken`);
        outcome = { events, state: decision.state };
      } catch (error) {
        if (!isAppError(error)) throw error;
        outcome = {
          error: {
            code: error.code,
            message: error.message,
            ...(error.details.rule && { rule: error.details.rule }),
          },
        };
      }
      const decided = () => {
        if ('error' in outcome) fail(`${command} failed with ${outcome.error.code} (${outcome.error.message})`);
        return outcome;
      };
      return {
        /** It emits exactly these events. Returns the state after them. */
        then(expected: readonly EventOf<E>[]): S {
          declared(expected);
          const { events, state } = decided();
          deepStrictEqual(events, expected);
          return state as S;
        },
        /** It is refused with this error code (and, for a named rule, this rule). */
        thenFails(code: ErrorCode, rule?: string) {
          if (!('error' in outcome)) return fail(`${command} succeeded with ${JSON.stringify(outcome.events)}`);
          strictEqual(outcome.error.code, code, outcome.error.message);
          if (rule !== undefined) strictEqual(outcome.error.rule, rule);
        },
      };
    };

  return {
    /** `consulted`: the other aggregates the command's `consults` names, as it would read them. */
    given(history: readonly EventOf<E>[] = [], consulted: readonly ConsultedAggregate[] = []) {
      declared(history);
      return {
        when: when(history, consulted, {}),
        /**
         * Values of its unique rules that other aggregates of the tenant hold, by rule, as the
         * rule returns them (normalised): a command that moves a rule's value onto one of them
         * fails 409 PRECONDITION with the rule's name, as the store's commit does.
         */
        taken(taken: Taken) {
          checkTaken(taken);
          return { when: when(history, consulted, taken) };
        },
      };
    },
  };
}
