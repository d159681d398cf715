import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { actorOf, cachedHandler, Counter, ListingFollowUp, Product } from '@firebase-event-store/testing';
import { createAggregateRegistry } from '../aggregate-registry.js';
import { createInMemoryEventStore } from '../in-memory/in-memory-event-store.js';
import { defineWorkflow } from '../workflow.js';
import { createStreamReader } from './stream-reader.js';
import type { Workflow, WorkflowStep } from '../workflow.js';
import type { EventStore } from '../ports/event-store.js';
import type { ReaderStore } from '../ports/reader-store.js';

const T0 = new Date('2026-03-01T12:00:00.000Z');
const registry = createAggregateRegistry([Product, Counter]);

const setup = (workflow: Workflow) => {
  const store = createInMemoryEventStore(() => T0);
  const actor = actorOf('t1');
  const commands = cachedHandler(store, registry);
  const reader = createStreamReader({
    store,
    handlers: [workflow],
    newId: randomUUID,
    clock: () => T0,
    reactionRetries: 0,
    commands,
  });
  const list = (id: string) => commands.command(actor, 'List', { aggregateId: id, sku: `SKU-${id}` });
  const counter = (id: string) => store.streamVersion({ tenant: 't1', type: 'Counter', id });
  const instance = (id: string) => store.loadInstance({ tenant: 't1', workflow: workflow.name, instance: id });
  return { store, reader, list, counter, instance };
};

/** A workflow whose Listed handler returns what the test gives it. */
const returning = (step: WorkflowStep<object>) =>
  defineWorkflow({
    name: 'Returning',
    from: [Product],
    instance: (event) => event.aggregateId,
    initial: (): object => ({}),
    on: { Listed: () => step },
    timers: { Later: () => ({}) },
  });

describe('workflows', () => {
  it('a step with a timer it does not declare, or at no valid time: the event fails with a clear error, and nothing is sent or saved', async () => {
    const cases = [
      [
        {
          commands: [{ command: 'Increment', input: { aggregateId: 'c', by: 1 } }],
          timers: [{ name: 'Never', at: T0 }],
        },
        /"Never" is not one of its timers \(Later\)/,
      ],
      [
        {
          commands: [{ command: 'Increment', input: { aggregateId: 'c', by: 1 } }],
          timers: [{ name: 'Later', at: new Date(Number.NaN) }],
        },
        /timer Later needs a valid Date/,
      ],
      [
        { commands: [{ command: 'Increment', input: { aggregateId: 'c', by: 1 } }], cancel: ['Never'] },
        /"Never" is not one of its timers/,
      ],
    ] as const;
    for (const [step, error] of cases) {
      const { reader, list, counter, instance } = setup(returning(step));
      await list('p');
      const [run] = await reader.poll('t1');
      expect(run).toMatchObject({ status: 'failed' });
      expect(run!.error).toMatch(error);
      expect(await counter('c')).toBe(0);
      expect(await instance('p')).toBeUndefined();
    }
  });

  it('an event whose instance is undefined passes the workflow by', async () => {
    const Some = defineWorkflow({
      name: 'Some',
      from: [Product],
      instance: (event) => (event.aggregateId === 'skip' ? undefined : event.aggregateId),
      initial: () => 0,
      on: { Listed: (seen) => ({ state: seen + 1 }) },
    });
    const { reader, list, instance } = setup(Some);
    await list('skip');
    await list('keep');
    expect(await reader.poll('t1')).toMatchObject([{ status: 'caught-up', to: 2 }]);
    expect(await instance('skip')).toBeUndefined();
    expect(await instance('keep')).toMatchObject({ state: 1, position: 2 });
  });

  it('a timer may change the state and set itself again, later', async () => {
    const Retry = defineWorkflow({
      name: 'Retry',
      from: [Product],
      instance: (event) => event.aggregateId,
      initial: () => ({ tries: 0 }),
      on: { Listed: (_state, _event, { now }) => ({ timers: [{ name: 'Again', at: now }] }) },
      timers: {
        Again: ({ tries }, _timer, { now }) => ({
          state: { tries: tries + 1 },
          timers: tries < 1 ? [{ name: 'Again', at: new Date(now.getTime() + 60_000) }] : [],
        }),
      },
    });
    const { reader, list, instance } = setup(Retry);
    await list('p');
    await reader.poll('t1');
    expect(await reader.fireDueTimers({ now: T0, limit: 10 })).toMatchObject([{ status: 'fired' }]);
    expect(await instance('p')).toMatchObject({
      state: { tries: 1 },
      timers: { Again: { at: new Date(T0.getTime() + 60_000).toISOString() } },
    });
    expect(await reader.fireDueTimers({ now: T0, limit: 10 })).toEqual([]);
    expect(await reader.fireDueTimers({ now: new Date(T0.getTime() + 60_000), limit: 10 })).toHaveLength(1);
    expect(await instance('p')).toMatchObject({ state: { tries: 2 }, timers: {} });
  });

  it('a timer whose instance an event changed while it fired is not saved, and stays for the next run', async () => {
    const { store, reader, list, counter, instance } = setup(ListingFollowUp);
    await list('p');
    await reader.poll('t1');
    const racing = createStreamReader({
      store: {
        ...store,
        saveInstance: async (key, change) => {
          // An event applied to the instance between the timer's read and its save.
          const now = await store.loadInstance(key);
          await store.saveInstance(key, {
            from: now!.revision,
            state: now!.state,
            position: now!.position,
            set: [],
            cancel: [],
          });
          return store.saveInstance(key, change);
        },
      },
      handlers: [ListingFollowUp],
      newId: randomUUID,
      commands: cachedHandler(store, registry),
    });
    const later = new Date(T0.getTime() + 3_600_000);
    expect(await racing.fireDueTimers({ now: later, limit: 10 })).toMatchObject([{ status: 'conflict' }]);
    expect(await instance('p')).toMatchObject({ timers: { FollowUp: {} } });
    // Fired again: its command, already sent under the timer's key, is not sent twice.
    expect(await reader.fireDueTimers({ now: later, limit: 10 })).toMatchObject([{ status: 'fired' }]);
    expect(await counter('followUps')).toBe(1);
  });

  it('a stalled store: the timers run gives up on its call instead of holding the worker', async () => {
    const { store, reader, list } = setup(ListingFollowUp);
    await list('p');
    await reader.poll('t1');
    const never = () => new Promise<never>(() => undefined);
    const stalled = (over: Partial<typeof store>) =>
      createStreamReader({
        store: { ...store, ...over },
        handlers: [ListingFollowUp],
        newId: randomUUID,
        callTimeoutMs: 2_000, // far above a loaded machine's real calls; the dead ones never answer
      });
    const later = { now: new Date(T0.getTime() + 3_600_000), limit: 10 };
    await expect(stalled({ dueTimers: never }).fireDueTimers(later)).rejects.toThrow(/did not answer dueTimers/);
    expect(await stalled({ loadInstance: never }).fireDueTimers(later)).toMatchObject([
      { status: 'failed', error: expect.stringMatching(/did not answer loadInstance/) as string },
    ]);
  });

  it('a run past its deadline starts no more timers: those left are fired by the next run', async () => {
    let now = T0.getTime();
    const store = createInMemoryEventStore(() => T0);
    const commands = cachedHandler(store, registry);
    const slow = {
      command: async (...args: Parameters<typeof commands.command>) => {
        now += 10_000; // each command takes ten seconds of the reader's clock
        return commands.command(...args);
      },
    };
    const reader = createStreamReader({
      store,
      handlers: [ListingFollowUp],
      newId: randomUUID,
      clock: () => new Date(now),
      commands: slow,
    });
    for (const id of ['a', 'b', 'c']) await commands.command(actorOf('t1'), 'List', { aggregateId: id, sku: id });
    await reader.poll('t1'); // three listings counted: the clock is 30 s on
    const later = new Date(T0.getTime() + 2 * 3_600_000);
    expect(await reader.fireDueTimers({ now: later, limit: 10, deadline: now + 15_000 })).toHaveLength(2);
    expect(await reader.fireDueTimers({ now: later, limit: 10, deadline: now })).toEqual([]);
    expect(await reader.fireDueTimers({ now: later, limit: 10, deadline: now + 1 })).toMatchObject([
      { status: 'fired' },
    ]);
    expect(await store.streamVersion({ tenant: 't1', type: 'Counter', id: 'followUps' })).toBe(3);
  });

  it('a reader with workflows refuses a store that keeps no workflow instances', () => {
    const workflowPart = ['loadInstance', 'saveInstance', 'dueTimers'];
    const store = Object.fromEntries(
      Object.entries(createInMemoryEventStore()).filter(([name]) => !workflowPart.includes(name)),
    ) as unknown as EventStore & ReaderStore;
    expect(() => createStreamReader({ store, handlers: [ListingFollowUp], newId: randomUUID })).toThrow(
      new TypeError('The store keeps no workflow instances: ListingFollowUp cannot run'),
    );
  });

  it('a workflow name must be PascalCase', () => {
    expect(() =>
      defineWorkflow({ name: 'lower', from: [Product], instance: () => 'x', initial: () => 0, on: {} }),
    ).toThrow(new TypeError('Workflow name "lower" must be PascalCase'));
  });
});
