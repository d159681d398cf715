import { randomUUID } from 'node:crypto';
import { deepStrictEqual, fail } from 'node:assert/strict';
import {
  createInMemoryEventStore,
  createStreamReader,
  type CommandResult,
  type DueTimer,
  type EventSource,
  type InMemoryEventStore,
  type ReactionCommand,
  type TimerRequest,
  type Workflow,
} from '@firebase-event-store/kernel';
import { fireDueTimers } from '@firebase-event-store/kernel/internal';
import { commitGivenEvents, resolveGivenEvents, type GivenEvent } from './given-events.js';

/** Where a spec's clock stands unless it is given one. */
const SPEC_NOW = new Date('2026-01-01T00:00:00.000Z');
const END_OF_TIME = new Date(8.64e15);

/**
 * Given events, then the commands a workflow sent and the timers it left pending; or, when one
 * of its timers fires, what that did. Runs it the way production does: the events committed to
 * the in-memory store in this order, handed over by the stream reader in log order, the
 * instances and timers kept by the store; commands are recorded, not run. The workflow's clock
 * is `now` (a fixed date unless given), so timers come out at known times.
 *
 *   await workflowSpec(ListingFollowUp)
 *     .given([{ aggregateId: 'p1', name: 'Listed', data: { sku: 'S-1' } }])
 *     .then([{ command: 'Increment', input: { aggregateId: 'listings', by: 1 } }], [{ name: 'FollowUp', at: inAnHour }]);
 *   await workflowSpec(ListingFollowUp).given([...]).whenTimer('FollowUp').then([...], []);
 */
export function workflowSpec<A extends readonly EventSource[], S>(
  workflow: Workflow<A, S>,
  { now = SPEC_NOW }: { readonly now?: Date } = {},
) {
  return {
    given(events: readonly GivenEvent<A>[]) {
      const resolved = resolveGivenEvents(workflow, events);
      const sent: ReactionCommand[] = [];
      const recorder = {
        command: (_actor: unknown, command: string, input: Readonly<Record<string, unknown>>) => {
          sent.push({ command, input });
          return Promise.resolve({} as CommandResult);
        },
      };
      const tenant = 'spec-tenant';
      const run = async () => {
        sent.length = 0;
        const store = createInMemoryEventStore(() => now);
        await commitGivenEvents(store, tenant, resolved);
        // No retries within the run: a spec sees a failure at once, not after the back-off.
        const reader = createStreamReader({
          store,
          handlers: [workflow],
          newId: randomUUID,
          clock: () => now,
          reactionRetries: 0,
          commands: recorder,
        });
        const [result] = await reader.poll(tenant);
        if (result!.status !== 'caught-up')
          fail(`${workflow.name} did not catch up: ${result!.status} ${result!.error ?? ''}`);
        return store;
      };
      const pending = async (store: InMemoryEventStore) =>
        (await store.dueTimers(END_OF_TIME, Infinity, [workflow.name]))
          .filter((timer) => timer.tenant === tenant)
          .map(({ name, at }): TimerRequest => ({ name, at: new Date(at) }));
      const expect = async (
        store: InMemoryEventStore,
        commands: readonly ReactionCommand[],
        timers?: readonly TimerRequest[],
      ) => {
        deepStrictEqual(sent, commands);
        if (timers !== undefined) deepStrictEqual(await pending(store), timers);
      };
      return {
        /** It sent exactly these commands, in this order, and (when given) left these timers pending, earliest first. */
        async then(commands: readonly ReactionCommand[], timers?: readonly TimerRequest[]) {
          await expect(await run(), commands, timers);
        },
        /** Fires its pending timer of this name (of `instance`, when more than one has one), at its time. */
        whenTimer(name: string, instance?: string) {
          return {
            /** The timer sent exactly these commands and (when given) left these timers pending. */
            async then(commands: readonly ReactionCommand[], timers?: readonly TimerRequest[]) {
              const store = await run();
              const all = await store.dueTimers(END_OF_TIME, Infinity, [workflow.name]);
              const timer = all.find(
                (one) => one.name === name && (instance === undefined || one.instance === instance),
              );
              if (!timer)
                fail(
                  `${workflow.name} has no pending timer ${name} (pending: ${all.map((one) => one.name).join(', ') || 'none'})`,
                );
              sent.length = 0;
              const only = { ...store, dueTimers: () => Promise.resolve<DueTimer[]>([timer]) };
              const [fired] = await fireDueTimers(
                { store: only, commands: recorder, clock: () => now, retryBudget: 1 },
                [workflow],
                {
                  now: new Date(timer.at),
                  limit: 1,
                },
              );
              if (fired?.status !== 'fired')
                fail(`${workflow.name}'s timer ${name} did not fire: ${fired?.status} ${fired?.error ?? ''}`);
              await expect(store, commands, timers);
            },
          };
        },
      };
    },
  };
}
