import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createAggregateRegistry, createCommandHandler, createInMemoryEventStore } from '@firebase-event-store/kernel';
import { aggregateSpec, Counter, Product, testActor } from '../src/index.js';

describe('aggregateSpec', () => {
  const spec = aggregateSpec(Counter);

  it('decides as the command handler does, and fails on other events', () => {
    const opened = { name: 'Opened', data: {} } as const;
    expect(
      spec
        .given([opened])
        .when('Increment', { by: 2 })
        .then([{ name: 'Incremented', data: { by: 2 } }]),
    ).toEqual({ total: 2, count: 1, open: true });
    expect(() => spec.given([opened]).when('Increment', { by: 2 }).then([])).toThrow(/strictly deep-equal/);
  });

  it('takes only the events of its aggregate, given or expected', () => {
    // @ts-expect-error a misspelt event name
    expect(() => spec.given([{ name: 'Opend', data: {} }])).toThrow(
      new TypeError('Counter: "Opend" is not one of its events (Opened, Incremented)'),
    );
    const when = spec.given([]).when('Increment', { by: 1 });
    // @ts-expect-error a misspelt event name
    expect(() => when.then([{ name: 'Incremnted', data: { by: 1 } }])).toThrow(
      new TypeError('Counter: "Incremnted" is not one of its events (Opened, Incremented)'),
    );
  });

  describe('taken: values of its unique rules other aggregates hold', () => {
    const products = aggregateSpec(Product);
    const listed = { name: 'Listed', data: { sku: 'S-1' } } as const;

    it('a command that moves a rule onto a taken value fails 409 with the rule, as the store commits it', async () => {
      products
        .given([])
        .taken({ sku: ['S-1'] })
        .when('List', { sku: 'S-1' })
        .thenFails('PRECONDITION', 'sku');
      products
        .given([listed])
        .taken({ sku: ['S-2'] })
        .when('ChangeSku', { sku: 'S-2' })
        .thenFails('PRECONDITION', 'sku');
      // The same command on the in-memory store, after another product took the SKU: the same answer.
      const ada = testActor({ id: 'ada', tenant: 't1' });
      const handler = createCommandHandler({
        store: createInMemoryEventStore(),
        registry: createAggregateRegistry([Product]),
        newId: randomUUID,
      });
      await handler.command(ada, 'List', { aggregateId: 'p0', sku: 'S-1' });
      const stored = await handler
        .command(ada, 'List', { aggregateId: 'p1', sku: 'S-1' })
        .catch((error: unknown) => error);
      expect(stored).toMatchObject({ code: 'PRECONDITION', details: { rule: 'sku' }, message: 'sku is already taken' });
      expect(() =>
        products
          .given([])
          .taken({ sku: ['S-1'] })
          .when('List', { sku: 'S-1' })
          .then([listed]),
      ).toThrow('List failed with PRECONDITION (sku is already taken)');
    });

    it('the value it holds already, a value no one holds, and a command that moves nothing pass', () => {
      products
        .given([])
        .taken({ sku: ['S-9'] })
        .when('List', { sku: 'S-1' })
        .then([listed]);
      products
        .given([listed])
        .taken({ sku: ['S-1'] })
        .when('ChangeSku', { sku: 'S-1' })
        .then([{ name: 'SkuChanged', data: { sku: 'S-1' } }]);
      // Discontinued, it holds no SKU: a taken one is no obstacle to giving its own up.
      products
        .given([listed])
        .taken({ sku: ['S-1'] })
        .when('Discontinue', {})
        .then([{ name: 'Discontinued', data: {} }]);
    });

    it('names only rules the aggregate has', () => {
      expect(() => products.given([]).taken({ SKU: ['S-1'] })).toThrow(
        new TypeError('Product: "SKU" is not one of its unique rules (sku)'),
      );
      expect(() => spec.given([]).taken({ sku: ['S-1'] })).toThrow(
        'Counter: "sku" is not one of its unique rules (none)',
      );
    });
  });
});
