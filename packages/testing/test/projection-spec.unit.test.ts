import { describe, expect, it } from 'vitest';
import { Counter, ProfileCards, projectionSpec, Totals } from '../src/index.js';
import { defineProjection } from '@firebase-event-store/kernel';
import { z } from 'zod';

describe('projectionSpec', () => {
  it('runs the projection over the given events, and fails on another read model', async () => {
    const spec = projectionSpec(Totals).given([
      { aggregateId: 'c1', name: 'Incremented', data: { by: 2 } },
      { aggregateId: 'c1', name: 'Incremented', data: { by: 3 } },
      { type: 'Counter', aggregateId: 'c2', name: 'Incremented', data: { by: 1 } },
    ]);
    await spec.then({ Totals: { c1: { total: 5 }, c2: { total: 1 } } });
    await expect(spec.then({ Totals: { c1: { total: 5 } } })).rejects.toThrow(/the Totals collection/);
  });

  it('takes only the events of its sources, before it commits anything', () => {
    const spec = projectionSpec(Totals);
    // @ts-expect-error a misspelt event name
    const misspelt = () => spec.given([{ aggregateId: 'c1', name: 'Incremnted', data: { by: 1 } }]);
    expect(misspelt).toThrow(
      new TypeError('Totals: "Incremnted" is not an event of Counter (Counter: Opened, Incremented)'),
    );
    // @ts-expect-error an event of an aggregate that is not a source
    const foreign = () => spec.given([{ aggregateId: 'm1', name: 'Recorded', data: { value: 1 } }]);
    expect(foreign).toThrow(/"Recorded" is not an event of Counter/);
    const wrongType = () => spec.given([{ type: 'Meter', aggregateId: 'm1', name: 'Incremented', data: { by: 1 } }]);
    expect(wrongType).toThrow(new TypeError('Totals: "Meter" is none of its sources (Counter)'));
  });

  it('asks for the type of an event two of its sources declare', async () => {
    const Twins = defineProjection({
      name: 'Twins',
      from: [Counter, { type: 'Gauge', events: { Opened: z.object({}) } }],
      readModel: { Twins: z.object({ type: z.string() }) },
      on: { Opened: ({ type, aggregateId }, view) => view.set('Twins', aggregateId, { type }) },
    });
    expect(() => projectionSpec(Twins).given([{ aggregateId: 'x', name: 'Opened', data: {} }])).toThrow(
      new TypeError("Twins: Opened is an event of Counter, Gauge: give the event's type to say which"),
    );
    await projectionSpec(Twins)
      .given([{ type: 'Gauge', aggregateId: 'g1', name: 'Opened', data: {} }])
      .then({ Twins: { g1: { type: 'Gauge' } } });
  });

  it("gives events at today's version, so upcasters leave today's data alone", async () => {
    await projectionSpec(ProfileCards)
      .given([
        {
          type: 'Profile',
          aggregateId: 'p1',
          name: 'ProfileCreated',
          data: { first: 'Ada', last: 'Lovelace', email: 'a@x.org', locale: 'en' },
        },
        { type: 'Profile', aggregateId: 'p1', name: 'Relocated', data: { locale: 'fr' } },
      ])
      .then({ ProfileCards: { p1: { name: 'Lovelace, Ada', email: 'a@x.org', locale: 'fr' } } });
  });
});
