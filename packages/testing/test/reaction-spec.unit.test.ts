import { describe, expect, it } from 'vitest';
import { defineReaction } from '@firebase-event-store/kernel';
import { Counter, ProfileV3, reactionSpec } from '../src/index.js';

/** What the reaction asks of the outside world: a notice for every big step of a counter. */
interface Notice {
  readonly counter: string;
  readonly by: number;
}

/** A reaction made from the function it reaches outside with, as reactionSpec needs it. */
const bigSteps = (notify: (notice: Notice) => Promise<void>) =>
  defineReaction({
    name: 'BigSteps',
    from: [Counter],
    on: {
      Incremented: async ({ aggregateId, data }) => {
        if (data.by === 13) throw new Error('unlucky step');
        if (data.by >= 10) await notify({ counter: aggregateId, by: data.by });
      },
    },
  });

describe('reactionSpec', () => {
  it('gives the reaction the events in order and records its effects', async () => {
    await reactionSpec(bigSteps)
      .given([
        { aggregateId: 'c1', name: 'Opened', data: {} },
        { aggregateId: 'c1', name: 'Incremented', data: { by: 10 } },
        { aggregateId: 'c2', name: 'Incremented', data: { by: 1 } },
        { aggregateId: 'c2', name: 'Incremented', data: { by: 12 } },
      ])
      .then([
        { counter: 'c1', by: 10 },
        { counter: 'c2', by: 12 },
      ]);
  });

  it('fails when the effects differ', async () => {
    const spec = reactionSpec(bigSteps).given([{ aggregateId: 'c1', name: 'Incremented', data: { by: 11 } }]);
    await expect(spec.then([])).rejects.toThrow(/Expected values to be strictly deep-equal/);
    await expect(spec.then([{ counter: 'c1', by: 10 }])).rejects.toThrow(/strictly deep-equal/);
  });

  it('reports a reaction that fails, with the effects before it', async () => {
    const spec = reactionSpec(bigSteps).given([
      { aggregateId: 'c1', name: 'Incremented', data: { by: 20 } },
      { aggregateId: 'c1', name: 'Incremented', data: { by: 13 } },
    ]);
    await spec.thenFails('unlucky step', [{ counter: 'c1', by: 20 }]);
    await expect(spec.then([{ counter: 'c1', by: 20 }])).rejects.toThrow(
      /BigSteps did not catch up: failed unlucky step/,
    );
    await expect(
      reactionSpec(bigSteps)
        .given([])
        .thenFails(/unlucky/),
    ).rejects.toThrow(/caught-up, not failed/);
  });

  it('takes only the events of its sources, before it runs anything', () => {
    const spec = reactionSpec(bigSteps);
    // @ts-expect-error a misspelt event name
    const misspelt = () => spec.given([{ aggregateId: 'c1', name: 'Incremnted', data: { by: 1 } }]);
    expect(misspelt).toThrow(
      new TypeError('BigSteps: "Incremnted" is not an event of Counter (Counter: Opened, Incremented)'),
    );
    // @ts-expect-error data that does not match the event's schema
    spec.given([{ aggregateId: 'c1', name: 'Incremented', data: { by: 'one' } }]);
    const wrongType = () => spec.given([{ type: 'Meter', aggregateId: 'm1', name: 'Incremented', data: { by: 1 } }]);
    expect(wrongType).toThrow(new TypeError('BigSteps: "Meter" is none of its sources (Counter)'));
  });

  it("gives events at today's version, so upcasters leave today's data alone", async () => {
    const created = { first: 'Ada', last: 'Lovelace', email: 'ada@example.com', locale: 'en' };
    const welcome = (send: (to: string) => Promise<void>) =>
      defineReaction({ name: 'Welcome', from: [ProfileV3], on: { ProfileCreated: ({ data }) => send(data.email) } });
    await reactionSpec(welcome)
      .given([{ type: 'Profile', aggregateId: 'p1', name: 'ProfileCreated', data: created }])
      .then(['ada@example.com']);
  });
});
