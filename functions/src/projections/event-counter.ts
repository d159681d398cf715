import { defineProjection, type ProjectionView } from '../application/event-handler.js';
import type { CommittedEvent } from '../application/event-store.js';
import { Calculator } from '../domain/aggregates/calculator.js';
import { KeystrokeCalculator } from '../domain/aggregates/keystroke-calculator.js';

const names = [...Object.keys(Calculator.events), ...Object.keys(KeystrokeCalculator.events)];

/** One more event in the tenant's counter: `EventCounter/all` { eventCount, byName }. */
async function count(event: CommittedEvent, view: ProjectionView) {
  const counter = (await view.get('EventCounter', 'all')) ?? { eventCount: 0, byName: {} };
  const byName = counter.byName as Record<string, number>;
  view.set('EventCounter', 'all', {
    eventCount: (counter.eventCount as number) + 1,
    byName: { ...byName, [event.name]: (byName[event.name] ?? 0) + 1 },
    position: event.position,
  });
}

/** The seed's README example: counts the events of each tenant. */
export const EventCounter = defineProjection({
  name: 'EventCounter',
  collections: ['EventCounter'],
  events: Object.fromEntries(names.map((name) => [name, count])),
});
