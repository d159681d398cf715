import { randomUUID } from 'node:crypto';
import { deepStrictEqual, fail } from 'node:assert/strict';
import {
  createInMemoryEventStore,
  createStreamReader,
  type Document,
  type EventSource,
  type Projection,
} from '@firebase-event-store/kernel';
import { commitGivenEvents, resolveGivenEvents, type GivenEvent } from './given-events.js';

export type { GivenEvent } from './given-events.js';

/**
 * Given events, then the read model: a projection run the way production runs it (committed
 * to the in-memory store in this order, read by the stream reader, each page's writes and
 * position committed together, every write checked against its collection's schema). The
 * events are those its sources declare, with their data typed from the schemas: a misspelt
 * name is a type error, and a `TypeError` from `given` at run time.
 *
 *   await projectionSpec(TodoSummary)
 *     .given([{ aggregateId: 'l1', name: 'ListOpened', data: { owner: 'u1', title: 'Groceries' } }])
 *     .then({ TodoSummary: { l1: { title: 'Groceries', open: 0, done: 0 } } });
 */
export function projectionSpec<A extends readonly EventSource[]>(projection: Projection<A>) {
  return {
    given(events: readonly GivenEvent<A>[]) {
      const resolved = resolveGivenEvents(projection, events);
      return {
        /** The read model afterwards: for each collection named, exactly these documents by id. */
        async then(expected: Readonly<Record<string, Readonly<Record<string, Document>>>>) {
          const store = createInMemoryEventStore();
          const tenant = 'spec-tenant';
          await commitGivenEvents(store, tenant, resolved);
          const reader = createStreamReader({ store, handlers: [projection], newId: randomUUID });
          const [run] = await reader.poll(tenant);
          if (run?.status !== 'caught-up')
            fail(`${projection.name} did not catch up: ${run?.status} ${run?.error ?? ''}`);
          for (const [collection, documents] of Object.entries(expected)) {
            deepStrictEqual(await store.readCollection(tenant, collection), documents, `the ${collection} collection`);
          }
        },
      };
    },
  };
}
