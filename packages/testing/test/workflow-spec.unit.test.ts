import { describe, expect, it } from 'vitest';
import { ListingFollowUp, workflowSpec } from '../src/index.js';

const NOW = new Date('2026-05-01T09:00:00.000Z');
const inAnHour = new Date('2026-05-01T10:00:00.000Z');
const listings = { command: 'Increment', input: { aggregateId: 'listings', by: 1 } };
const followUps = { command: 'Increment', input: { aggregateId: 'followUps', by: 1 } };

describe('workflowSpec', () => {
  const spec = workflowSpec(ListingFollowUp, { now: NOW });

  it('gives the workflow the events in order, and checks the commands it sent and the timers it left', async () => {
    await spec
      .given([{ aggregateId: 'p1', name: 'Listed', data: { sku: 'S-1' } }])
      .then([listings], [{ name: 'FollowUp', at: inAnHour }]);
    await spec
      .given([
        { aggregateId: 'p1', name: 'Listed', data: { sku: 'S-1' } },
        { aggregateId: 'p2', name: 'Listed', data: { sku: 'S-2' } },
        { aggregateId: 'p1', name: 'Discontinued', data: {} },
      ])
      .then([listings, listings], [{ name: 'FollowUp', at: inAnHour }]);
  });

  it('fails when the commands or the timers differ', async () => {
    const given = spec.given([{ aggregateId: 'p1', name: 'Listed', data: { sku: 'S-1' } }]);
    await expect(given.then([])).rejects.toThrow(/strictly deep-equal/);
    await expect(given.then([listings], [])).rejects.toThrow(/strictly deep-equal/);
    await expect(given.then([listings], [{ name: 'FollowUp', at: NOW }])).rejects.toThrow(/strictly deep-equal/);
  });

  it('whenTimer fires the timer at its time: the commands it sent, the timers left', async () => {
    const given = spec.given([{ aggregateId: 'p1', name: 'Listed', data: { sku: 'S-1' } }]);
    await given.whenTimer('FollowUp').then([followUps], []);
    await expect(given.whenTimer('FollowUp').then([])).rejects.toThrow(/strictly deep-equal/);
  });

  it('whenTimer on a timer that is not pending (never set, or cancelled) fails, naming what is', async () => {
    await expect(
      spec
        .given([
          { aggregateId: 'p1', name: 'Listed', data: { sku: 'S-1' } },
          { aggregateId: 'p1', name: 'Discontinued', data: {} },
        ])
        .whenTimer('FollowUp')
        .then([]),
    ).rejects.toThrow('ListingFollowUp has no pending timer FollowUp (pending: none)');
  });

  it('takes only the events of its sources, before it runs anything', () => {
    // @ts-expect-error a misspelt event name
    const misspelt = () => spec.given([{ aggregateId: 'p1', name: 'Listd', data: { sku: 'S-1' } }]);
    expect(misspelt).toThrow(/ListingFollowUp: "Listd" is not an event of Product/);
  });
});
