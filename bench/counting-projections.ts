import { z } from 'zod';
import { defineProjection, type Projection, type ReadModelView } from '@firebase-event-store/kernel';
import { catalog } from './domain/catalog.js';

/**
 * N projections of the reference project's events that each do what the floor's read models
 * do: read one document per event and write it back.
 */
export function countingProjections(n: number): Projection[] {
  const events = catalog.aggregates.flatMap((aggregate) => Object.keys(aggregate.events));
  return Array.from({ length: n }, (_, i) => {
    const name = `Count${i + 1}`;
    const readModel = { [name]: z.object({ count: z.int() }) };
    const count = async (_event: unknown, view: ReadModelView<typeof readModel>) => {
      const seen = (await view.get(name, 'all'))?.count ?? 0;
      view.set(name, 'all', { count: seen + 1 });
    };
    return defineProjection({
      name,
      from: catalog.aggregates,
      readModel,
      on: Object.fromEntries(events.map((event) => [event, count])),
    });
  });
}
