import { describe, expect, it } from 'vitest';
import { aggregateSpec, Counter } from '../src/index.js';

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
});
