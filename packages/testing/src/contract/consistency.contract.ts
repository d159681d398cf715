import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import {
  createAggregateRegistry,
  createStreamReader,
  defineReaction,
  type Actor,
  type EventStore,
  type ReaderStore,
} from '@firebase-event-store/kernel';
import { Counter } from '../fixtures/counter.js';
import { actorOf } from '../actors.js';
import { cachedHandler } from '../cached-handler.js';
import { Product } from '../fixtures/product.js';
import { Order } from '../fixtures/order.js';
import { uniqueTenant } from '../ids.js';

async function all<T>(items: AsyncIterable<T>) {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** What a store must make of a claim that another aggregate holds: 409 naming the rule. */
const taken = (rule: string): unknown => expect.objectContaining({ code: 'PRECONDITION', details: { rule } });

/**
 * Decisions that involve more than one aggregate, on any store: values unique in a tenant,
 * claimed atomically with the events that take them and released by the events that give them up.
 */
export function consistencyContract(harness: { name: string; store: () => EventStore & ReaderStore }) {
  describe(`consistency: ${harness.name}`, () => {
    const registry = createAggregateRegistry([Product, Order, Counter]);
    const setup = () => {
      const store = harness.store();
      const actor = actorOf(uniqueTenant(), ['user', 'admin']);
      const version = (id: string) => store.streamVersion({ tenant: actor.tenant, type: 'Product', id });
      return { store, actor, version, handler: () => cachedHandler(store, registry) };
    };

    /**
     * A store on which the first commit of an order lets `meanwhile` run first: what another
     * instance does to a consulted aggregate between this command's read and its commit.
     */
    const beforeFirstOrderCommit = (store: EventStore, meanwhile: () => Promise<unknown>): EventStore => {
      let done = false;
      return {
        ...store,
        commit: async (commit) => {
          if (commit.stream.type === 'Order' && !done) {
            done = true;
            await meanwhile();
          }
          return store.commit(commit);
        },
      };
    };
    const listed = async (store: EventStore, actor: Actor) => {
      await cachedHandler(store, registry).command(actor, 'List', { aggregateId: 'p', sku: 'SKU-1' });
      return (name: string, input: Record<string, unknown>) =>
        cachedHandler(store, registry).command(actor, name, { aggregateId: 'p', ...input });
    };

    describe('unique values', () => {
      it('two commands racing for one value: exactly one wins, the other gets 409 with the rule and writes nothing', async () => {
        const { actor, version, handler } = setup();
        // Two handlers, as two instances of the API would be: neither waits for the other.
        const results = await Promise.allSettled(
          ['a', 'b'].map((id) => handler().command(actor, 'List', { aggregateId: id, sku: 'SKU-1' })),
        );
        const won = results.filter((result) => result.status === 'fulfilled');
        const lost = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
        expect(won).toHaveLength(1);
        expect(lost).toEqual([taken('sku')]);
        expect([await version('a'), await version('b')].sort()).toEqual([0, 1]);
      });

      it('a value another aggregate holds: 409 with the rule, with or without an expected version, and nothing written', async () => {
        const { actor, version, handler } = setup();
        await handler().command(actor, 'List', { aggregateId: 'a', sku: 'SKU-1' });
        await handler().command(actor, 'List', { aggregateId: 'b', sku: 'SKU-2' });
        await expect(handler().command(actor, 'List', { aggregateId: 'c', sku: 'SKU-1' })).rejects.toEqual(
          taken('sku'),
        );
        await expect(
          handler().command(actor, 'ChangeSku', { aggregateId: 'b', sku: 'SKU-1', expectedVersion: 1 }),
        ).rejects.toEqual(taken('sku'));
        expect([await version('a'), await version('b'), await version('c')]).toEqual([1, 1, 0]);
        // b still holds its own value: nothing of its failed move was written.
        await expect(handler().command(actor, 'List', { aggregateId: 'd', sku: 'SKU-2' })).rejects.toEqual(
          taken('sku'),
        );
      });

      it('the aggregate that holds a value may claim it again', async () => {
        const { actor, handler } = setup();
        await handler().command(actor, 'List', { aggregateId: 'a', sku: 'SKU-1' });
        const again = await handler().command(actor, 'ChangeSku', { aggregateId: 'a', sku: 'SKU-1' });
        expect(again).toMatchObject({ version: 2, state: { sku: 'SKU-1' } });
      });

      it('a released value can be claimed by another aggregate; a moved one frees the old value and holds the new', async () => {
        const { actor, handler, version } = setup();
        await handler().command(actor, 'List', { aggregateId: 'a', sku: 'SKU-1' });
        await handler().command(actor, 'Discontinue', { aggregateId: 'a' });
        await handler().command(actor, 'List', { aggregateId: 'b', sku: 'SKU-1' });
        await handler().command(actor, 'ChangeSku', { aggregateId: 'b', sku: 'SKU-2' });
        await handler().command(actor, 'List', { aggregateId: 'c', sku: 'SKU-1' });
        await expect(handler().command(actor, 'List', { aggregateId: 'd', sku: 'SKU-2' })).rejects.toEqual(
          taken('sku'),
        );
        expect(await version('d')).toBe(0);
      });

      it('values are unique per tenant: another tenant may hold the same value', async () => {
        const { store } = setup();
        const [one, two] = [actorOf(uniqueTenant()), actorOf(uniqueTenant())];
        await cachedHandler(store, registry).command(one, 'List', { aggregateId: 'a', sku: 'SKU-1' });
        const other = await cachedHandler(store, registry).command(two, 'List', { aggregateId: 'b', sku: 'SKU-1' });
        expect(other.version).toBe(1);
      });
    });

    describe('decisions across aggregates', () => {
      const order = (id: string) => ({ tenant: '', type: 'Order', id });

      it('a command sees the aggregates it consults, and its rules on them hold or it fails with nothing written', async () => {
        const { store, actor, handler } = setup();
        await expect(handler().command(actor, 'Place', { aggregateId: 'o1', productId: 'p' })).rejects.toMatchObject({
          code: 'PRECONDITION',
          details: { rule: 'product-on-sale' },
        });
        await listed(store, actor);
        const placed = await handler().command(actor, 'Place', { aggregateId: 'o2', productId: 'p' });
        expect(placed.events.map(({ data }) => data)).toEqual([{ productId: 'p', sku: 'SKU-1', productVersion: 1 }]);
        expect(await store.streamVersion({ ...order('o1'), tenant: actor.tenant })).toBe(0);
      });

      it('a consulted aggregate that changes between read and commit: nothing written, retried on its new state', async () => {
        const { store, actor } = setup();
        const product = await listed(store, actor);
        const racing = beforeFirstOrderCommit(store, () => product('ChangeSku', { sku: 'SKU-2' }));
        const placed = await cachedHandler(racing, registry).command(actor, 'Place', {
          aggregateId: 'o',
          productId: 'p',
        });
        expect(placed).toMatchObject({ version: 1, state: { sku: 'SKU-2' } });
        expect(placed.events.map(({ data }) => data)).toEqual([{ productId: 'p', sku: 'SKU-2', productVersion: 2 }]);
      });

      it('the change breaks the rule: the retry fails with it, and nothing is written', async () => {
        const { store, actor } = setup();
        const product = await listed(store, actor);
        const racing = beforeFirstOrderCommit(store, () => product('Discontinue', {}));
        await expect(
          cachedHandler(racing, registry).command(actor, 'Place', { aggregateId: 'o', productId: 'p' }),
        ).rejects.toMatchObject({ code: 'PRECONDITION', details: { rule: 'product-on-sale' } });
        expect(await store.streamVersion({ ...order('o'), tenant: actor.tenant })).toBe(0);
      });

      it('with an expected version: 412, and nothing written (a conflict of the caller)', async () => {
        const { store, actor } = setup();
        const product = await listed(store, actor);
        const racing = beforeFirstOrderCommit(store, () => product('ChangeSku', { sku: 'SKU-2' }));
        await expect(
          cachedHandler(racing, registry).command(actor, 'Place', {
            aggregateId: 'o',
            productId: 'p',
            expectedVersion: 0,
          }),
        ).rejects.toMatchObject({ code: 'VERSION_MISMATCH' });
        expect(await store.streamVersion({ ...order('o'), tenant: actor.tenant })).toBe(0);
      });
    });

    describe('reactions that send commands', () => {
      /** Counts listings: each Listed event sends one Increment, as the reaction's service actor. */
      const Listings = defineReaction({
        name: 'Listings',
        from: [Product],
        roles: ['counter'],
        on: { Listed: () => [{ command: 'Increment', input: { aggregateId: 'listings', by: 1 } }] },
      });

      it('a redelivered event sends its command once in effect, as the reaction, caused by the event', async () => {
        const { store, actor } = setup();
        const product = await listed(store, actor);
        await product('Discontinue', {});
        // The first run's position is lost after its command committed: the event comes again.
        let lost = false;
        const losing: EventStore & ReaderStore = {
          ...store,
          advance: async (...args) => {
            if (args[0].handler === 'Listings' && !lost) {
              lost = true;
              throw new Error('the connection dropped before the position was saved');
            }
            return store.advance(...args);
          },
        };
        const commands = cachedHandler(store, registry);
        const reader = createStreamReader({ store: losing, handlers: [Listings], newId: randomUUID, commands });
        expect(await reader.poll(actor.tenant)).toMatchObject([{ status: 'error' }]);
        expect(await reader.poll(actor.tenant)).toMatchObject([{ status: 'caught-up' }]);
        const stream = { tenant: actor.tenant, type: 'Counter', id: 'listings' };
        expect(await store.streamVersion(stream)).toBe(1);
        const [sent] = await all(store.readStream(stream));
        const [cause] = await all(store.readStream({ ...stream, type: 'Product', id: 'p' }));
        expect(sent!.meta).toMatchObject({
          actor: { id: 'reaction:Listings' },
          command: 'Increment',
          causationId: cause!.id,
          correlationId: cause!.meta.correlationId,
        });
      });
    });
  });
}
