import { randomUUID } from 'node:crypto';
import { deepStrictEqual, fail } from 'node:assert/strict';
import {
  createInMemoryEventStore,
  createStreamReader,
  type Document,
  type EventMeta,
  type Projection,
} from '@firebase-event-store/kernel';

/** An event as a projection spec gives it: which aggregate it belongs to, its name and data. */
export interface GivenEvent {
  readonly type: string;
  readonly aggregateId: string;
  readonly name: string;
  readonly data: unknown;
}

const META: EventMeta = {
  actor: { id: 'spec-user', name: 'Spec User' },
  command: 'Spec',
  correlationId: 'spec',
  causationId: null,
};

/**
 * Given events, then the read model: a projection run the way production runs it (committed
 * to the in-memory store in this order, read by the stream reader, each page's writes and
 * position committed together, every write checked against its collection's schema).
 *
 *   await projectionSpec(TodoSummary)
 *     .given([{ type: 'TodoList', aggregateId: 'l1', name: 'ListOpened', data: { owner: 'u1', title: 'Groceries' } }])
 *     .then({ TodoSummary: { l1: { title: 'Groceries', open: 0, done: 0 } } });
 */
export function projectionSpec(projection: Projection) {
  return {
    given(events: readonly GivenEvent[]) {
      return {
        /** The read model afterwards: for each collection named, exactly these documents by id. */
        async then(expected: Readonly<Record<string, Readonly<Record<string, Document>>>>) {
          const store = createInMemoryEventStore();
          const tenant = 'spec-tenant';
          const versions = new Map<string, number>();
          for (const { type, aggregateId, name, data } of events) {
            const key = `${type}/${aggregateId}`;
            const version = versions.get(key) ?? 0;
            versions.set(key, version + 1);
            await store.commit({
              stream: { tenant, type, id: aggregateId },
              expectedVersion: version,
              events: [{ name, data }],
              snapshot: { state: null, schema: 1 },
              meta: META,
            });
          }
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
