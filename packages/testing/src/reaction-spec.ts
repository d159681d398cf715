import { randomUUID } from 'node:crypto';
import { deepStrictEqual, fail, match, strictEqual } from 'node:assert/strict';
import {
  createInMemoryEventStore,
  createStreamReader,
  type EventSource,
  type HandlerRun,
  type Reaction,
} from '@firebase-event-store/kernel';
import { commitGivenEvents, resolveGivenEvents, type GivenEvent } from './given-events.js';

/**
 * Given events, then the effects a reaction produced: the mail it sent, the commands it issued.
 * A reaction reaches outside through a function it is given, so the spec takes the function
 * that makes the reaction from one (`(effect) => defineReaction(...)`), gives it a recorder, and
 * runs the reaction the way production does (committed to the in-memory store in this order,
 * handed over by the stream reader in log order, data upcast and checked against the schemas).
 * The recorder resolves to `undefined`. Events are those its sources declare, typed from their
 * schemas; a misspelt name is a type error, and a `TypeError` from `given` at run time.
 *
 *   const shareMail = (send: (mail: Mail) => Promise<void>) =>
 *     defineReaction({ name: 'ShareMail', from: [TodoList], on: { ListShared: ({ data }) => send({ to: data.with }) } });
 *
 *   await reactionSpec(shareMail)
 *     .given([{ aggregateId: 'l1', name: 'ListShared', data: { with: 'bob' } }])
 *     .then([{ to: 'bob' }]);
 */
export function reactionSpec<A extends readonly EventSource[], Effect>(
  reaction: (effect: (effect: Effect) => Promise<void>) => Reaction<A>,
) {
  return {
    given(events: readonly GivenEvent<A>[]) {
      const effects: Effect[] = [];
      const made = reaction(async (effect) => {
        effects.push(effect);
      });
      const resolved = resolveGivenEvents(made, events);
      const run = async (): Promise<HandlerRun> => {
        const store = createInMemoryEventStore();
        const tenant = 'spec-tenant';
        await commitGivenEvents(store, tenant, resolved);
        // No retries within the run: a spec sees a failure at once, not after the back-off.
        const reader = createStreamReader({ store, handlers: [made], newId: randomUUID, reactionRetries: 0 });
        const [result] = await reader.poll(tenant);
        return result!;
      };
      return {
        /** It caught up with exactly these effects, in this order. */
        async then(expected: readonly Effect[]) {
          const result = await run();
          if (result.status !== 'caught-up')
            fail(`${made.name} did not catch up: ${result.status} ${result.error ?? ''}`);
          deepStrictEqual(effects, expected);
        },
        /** It failed on an event with an error that matches, after the effects before it. */
        async thenFails(error: string | RegExp, before: readonly Effect[] = []) {
          const result = await run();
          strictEqual(result.status, 'failed', `${made.name} ended ${result.status}, not failed`);
          if (typeof error === 'string') strictEqual(result.error, error);
          else match(result.error ?? '', error);
          deepStrictEqual(effects, before);
        },
      };
    },
  };
}
