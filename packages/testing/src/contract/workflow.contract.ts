import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import {
  createAggregateRegistry,
  createStreamReader,
  defineWorkflow,
  type EventStore,
  type ReaderStore,
  type WorkflowStore,
} from '@firebase-event-store/kernel';
import { actorOf } from '../actors.js';
import { cachedHandler } from '../cached-handler.js';
import { Counter } from '../fixtures/counter.js';
import { ListingFollowUp } from '../fixtures/listing-follow-up.js';
import { Product } from '../fixtures/product.js';
import { uniqueTenant } from '../ids.js';

type Store = EventStore & ReaderStore & WorkflowStore;

const T0 = new Date('2026-03-01T12:00:00.000Z');
const HOUR = 3_600_000;
const at = (ms: number) => new Date(T0.getTime() + ms);

/** A workflow a deployment ran once and no longer does: its timers, due first, stay behind. */
const Retired = defineWorkflow({
  name: 'RetiredFollowUp',
  from: [Product],
  instance: (event) => event.aggregateId,
  initial: () => ({}),
  on: { Listed: (_state, _event, { now }) => ({ timers: [{ name: 'Soon', at: new Date(now.getTime() + 1) }] }) },
  timers: { Soon: () => undefined },
});

/**
 * A workflow's promises, on any store that keeps its instances and timers: its commands are sent
 * once in effect whatever crashes between sending and saving, and its timers fire once, never
 * early, and never once cancelled. The clock is a fake one: the reader's, and the `now` a
 * scheduled run passes to `fireDueTimers`.
 */
export function workflowContract(harness: { name: string; store: () => Store }) {
  describe(`workflow: ${harness.name}`, () => {
    const registry = createAggregateRegistry([Product, Counter]);
    const setup = (wrap: (store: Store) => Store = (store) => store, options: { retryBudget?: number } = {}) => {
      const store = harness.store();
      const actor = actorOf(uniqueTenant(), ['user']);
      const commands = cachedHandler(store, registry);
      /** The commands of the reader: those to `refused` counters fail, as a command rejected would. */
      const refused = new Set<string>();
      const sent: Pick<typeof commands, 'command'> = {
        command: (who, name, input, context) => {
          const target = (input as { aggregateId?: string }).aggregateId ?? '';
          if (refused.has(target)) return Promise.reject(new Error(`${target} refuses ${name}`));
          return commands.command(who, name, input, context);
        },
      };
      const reader = (over: Store = wrap(store)) =>
        createStreamReader({
          store: over,
          handlers: [ListingFollowUp],
          newId: randomUUID,
          clock: () => T0,
          reactionRetries: 0,
          commands: sent,
          ...options,
        });
      const product = (id: string, name: string, input: Record<string, unknown> = {}) =>
        commands.command(actor, name, { aggregateId: id, ...input });
      const version = (id: string) => store.streamVersion({ tenant: actor.tenant, type: 'Counter', id });
      const instance = (id: string) =>
        store.loadInstance({ tenant: actor.tenant, workflow: 'ListingFollowUp', instance: id });
      return { store, actor, reader, product, version, instance, refused };
    };

    it('a crash between sending a command and saving the instance sends it once in effect', async () => {
      let crashed = false;
      const { actor, reader, product, version, instance } = setup((store) => ({
        ...store,
        saveInstance: async (...args) => {
          if (!crashed) {
            crashed = true;
            throw new Error('the process died before the instance was saved');
          }
          return store.saveInstance(...args);
        },
      }));
      await product('p', 'List', { sku: 'SKU-1' });
      const workflow = reader();
      expect(await workflow.poll(actor.tenant)).toMatchObject([{ status: 'failed' }]);
      expect(await version('listings')).toBe(1);
      expect(await workflow.poll(actor.tenant)).toMatchObject([{ status: 'caught-up' }]);
      expect(await version('listings')).toBe(1);
      expect(await instance('p')).toMatchObject({ state: { listed: 1 } });
    });

    it('an event redelivered after its instance was saved is not applied twice', async () => {
      let lost = false;
      const { actor, reader, product, version, instance } = setup((store) => ({
        ...store,
        advance: async (...args) => {
          if (!lost) {
            lost = true;
            throw new Error('the connection dropped before the position was saved');
          }
          return store.advance(...args);
        },
      }));
      await product('p', 'List', { sku: 'SKU-1' });
      const workflow = reader();
      expect(await workflow.poll(actor.tenant)).toMatchObject([{ status: 'error' }]);
      expect(await workflow.poll(actor.tenant)).toMatchObject([{ status: 'caught-up' }]);
      expect(await instance('p')).toMatchObject({ state: { listed: 1 }, position: 1 });
      expect(await version('listings')).toBe(1);
    });

    it('sends its commands as the workflow, caused by the event', async () => {
      const { store, actor, reader, product } = setup();
      await product('p', 'List', { sku: 'SKU-1' });
      await reader().poll(actor.tenant);
      const [cause] = await store.readLog(actor.tenant, { after: 0, limit: 1 });
      const events = [];
      for await (const event of store.readStream({ tenant: actor.tenant, type: 'Counter', id: 'listings' }))
        events.push(event);
      const [sent] = events;
      expect(sent!.meta).toMatchObject({
        actor: { id: 'workflow:ListingFollowUp' },
        command: 'Increment',
        causationId: cause!.id,
      });
    });

    it('a timer keeps what caused it, trace context included, as it was set', async () => {
      const { store, actor } = setup();
      const key = { tenant: actor.tenant, workflow: 'ListingFollowUp', instance: 'p' };
      const timer = {
        name: 'FollowUp',
        at: at(HOUR).toISOString(),
        causationId: 'event-1',
        correlationId: 'request-1',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      };
      expect(await store.saveInstance(key, { from: 0, state: {}, position: 1, set: [timer], cancel: [] })).toBe(true);
      expect((await store.loadInstance(key))?.timers).toEqual({ FollowUp: timer });
      const due = await store.dueTimers(at(HOUR), 10, ['ListingFollowUp']);
      expect(due.filter((one) => one.tenant === actor.tenant)).toEqual([{ ...timer, ...key }]);
    });

    it('a timer never fires before its time', async () => {
      const { actor, reader, product, version } = setup();
      await product('p', 'List', { sku: 'SKU-1' });
      const workflow = reader();
      await workflow.poll(actor.tenant);
      expect(await workflow.fireDueTimers({ now: at(HOUR - 1), limit: 10 })).toEqual([]);
      expect(await version('followUps')).toBe(0);
      expect(await workflow.fireDueTimers({ now: at(HOUR), limit: 10 })).toMatchObject([
        { tenant: actor.tenant, workflow: 'ListingFollowUp', instance: 'p', timer: 'FollowUp', status: 'fired' },
      ]);
      expect(await version('followUps')).toBe(1);
    });

    it('a timer that fires twice, at once or one after the other, acts once', async () => {
      const { actor, reader, product, version, instance } = setup();
      await product('p', 'List', { sku: 'SKU-1' });
      await reader().poll(actor.tenant);
      // Two scheduled runs at once, as two instances of the function would be.
      const runs = await Promise.all(
        [reader(), reader()].map((one) => one.fireDueTimers({ now: at(HOUR), limit: 10 })),
      );
      expect(runs.flat().filter(({ status }) => status === 'fired')).toHaveLength(1);
      expect(await reader().fireDueTimers({ now: at(2 * HOUR), limit: 10 })).toEqual([]);
      expect(await version('followUps')).toBe(1);
      expect(await instance('p')).toMatchObject({ timers: {} });
    });

    it('a cancelled timer never fires', async () => {
      const { actor, reader, product, version } = setup();
      await product('p', 'List', { sku: 'SKU-1' });
      await product('p', 'Discontinue');
      await reader().poll(actor.tenant);
      expect(await reader().fireDueTimers({ now: at(24 * HOUR), limit: 10 })).toEqual([]);
      expect(await version('followUps')).toBe(0);
    });

    it('fires at most `limit` timers a run, the earliest first; the rest on the next run', async () => {
      const { actor, reader, product, version } = setup();
      for (const id of ['a', 'b', 'c']) await product(id, 'List', { sku: `SKU-${id}` });
      await reader().poll(actor.tenant);
      expect(await reader().fireDueTimers({ now: at(HOUR), limit: 2 })).toHaveLength(2);
      expect(await version('followUps')).toBe(2);
      expect(await reader().fireDueTimers({ now: at(HOUR), limit: 2 })).toMatchObject([{ status: 'fired' }]);
      expect(await version('followUps')).toBe(3);
    });

    it('timers of a workflow the reader does not run hold back none of its own', async () => {
      const { store, actor, reader, product, version } = setup();
      for (const id of ['a', 'b', 'c']) await product(id, 'List', { sku: `SKU-${id}` });
      await reader().poll(actor.tenant); // three FollowUp timers, due in an hour
      // A deployment that ran Retired too, once: three Soon timers, due before every FollowUp.
      await createStreamReader({ store, handlers: [Retired], newId: randomUUID, clock: () => T0 }).poll(actor.tenant);
      const fired = await reader().fireDueTimers({ now: at(HOUR), limit: 2 });
      expect(fired).toMatchObject([
        { workflow: 'ListingFollowUp', status: 'fired' },
        { workflow: 'ListingFollowUp', status: 'fired' },
      ]);
      expect(await version('followUps')).toBe(2);
    });

    it('a timer that keeps failing leaves the due set after the retry budget, reported, and stays in its instance', async () => {
      const { actor, reader, product, version, instance, refused } = setup(undefined, { retryBudget: 2 });
      await product('p', 'List', { sku: 'SKU-1' });
      await reader().poll(actor.tenant);
      refused.add('followUps');
      const timer = { tenant: actor.tenant, workflow: 'ListingFollowUp', instance: 'p', timer: 'FollowUp' };
      expect(await reader().fireDueTimers({ now: at(HOUR), limit: 10 })).toEqual([
        { ...timer, status: 'failed', failures: 1, error: 'followUps refuses Increment' },
      ]);
      expect(await reader().fireDueTimers({ now: at(HOUR), limit: 10 })).toEqual([
        { ...timer, status: 'dead-lettered', failures: 2, error: 'followUps refuses Increment' },
      ]);
      refused.clear(); // even once it would succeed, no run fires it again
      expect(await reader().fireDueTimers({ now: at(24 * HOUR), limit: 10 })).toEqual([]);
      expect(await version('followUps')).toBe(0);
      expect(await instance('p')).toMatchObject({ timers: { FollowUp: { at: at(HOUR).toISOString() } } });
    });
  });
}
