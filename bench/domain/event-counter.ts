import { defineProjection, type CommittedEvent, type ReadModelView } from '@firebase-event-store/kernel';
import { z } from 'zod';
import { Calculator } from './calculator.js';
import { KeystrokeCalculator } from './keystroke-calculator.js';

const from = [Calculator, KeystrokeCalculator] as const;
const readModel = {
  /** `EventCounter/all` */
  EventCounter: z.object({
    eventCount: z.int(),
    byName: z.record(z.string(), z.int()),
    /** The log position of the last event counted. */
    position: z.int().nullable(),
  }),
};

const NONE: Record<string, number> = {};

/** One more event in the tenant's counter. */
async function count(event: CommittedEvent, view: ReadModelView<typeof readModel>) {
  const { eventCount, byName } = (await view.get('EventCounter', 'all')) ?? { eventCount: 0, byName: NONE };
  view.set('EventCounter', 'all', {
    eventCount: eventCount + 1,
    byName: { ...byName, [event.name]: (byName[event.name] ?? 0) + 1 },
    position: event.position,
  });
}

/** The seed's README example: counts the events of each tenant, by name. */
export const EventCounter = defineProjection({
  name: 'EventCounter',
  from,
  readModel,
  on: Object.fromEntries(from.flatMap((aggregate) => Object.keys(aggregate.events)).map((name) => [name, count])),
});
