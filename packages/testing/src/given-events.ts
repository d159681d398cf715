import { type EventMeta, type EventSource, type InMemoryEventStore } from '@firebase-event-store/kernel';
import { eventVersionOf, handlerOf } from '@firebase-event-store/kernel/internal';
import type { z } from 'zod';

/**
 * An event a projection or reaction spec is given: the id of the aggregate it belongs to, the
 * name of an event one of the handler's sources declares, and its data as that event's schema
 * takes it. `type` (the aggregate's) is needed only when two sources declare the same name.
 */
export type GivenEvent<A extends readonly EventSource[] = readonly EventSource[]> = A[number] extends infer X
  ? X extends EventSource
    ? {
        [K in keyof X['events'] & string]: {
          readonly type?: string;
          readonly aggregateId: string;
          readonly name: K;
          readonly data: z.input<X['events'][K]>;
        };
      }[keyof X['events'] & string]
    : never
  : never;

/** A given event with the aggregate type it belongs to and its definition's current version. */
interface ResolvedEvent {
  readonly type: string;
  readonly aggregateId: string;
  readonly name: string;
  readonly data: unknown;
  readonly eventVersion: number;
}

const META: EventMeta = {
  actor: { id: 'spec-user', name: 'Spec User' },
  command: 'Spec',
  correlationId: 'spec',
  causationId: null,
};

const listed = (names: readonly string[]) => names.join(', ') || 'none';

/**
 * Checks the given events against the handler's sources, before anything is committed: each
 * name must be an event of one of them (a misspelt one is a clear error, not an event the
 * handler silently passes by). A handler made without sources takes any event with a `type`.
 */
export function resolveGivenEvents(
  handler: { readonly name: string; readonly sources?: readonly EventSource[] },
  events: readonly GivenEvent[],
): ResolvedEvent[] {
  const sources = handler.sources ?? [];
  const fail = (message: string) => {
    throw new TypeError(`${handler.name}: ${message}`);
  };
  return events.map(({ type, aggregateId, name, data }) => {
    if (sources.length === 0) {
      if (type === undefined) fail(`the given event ${name} needs the type of its aggregate`);
      return { type: type!, aggregateId, name, data, eventVersion: 1 };
    }
    const candidates = sources.filter((source) => type === undefined || source.type === type);
    if (candidates.length === 0) fail(`"${type}" is none of its sources (${listed(sources.map((s) => s.type))})`);
    const declaring = candidates.filter((source) => handlerOf(source.events, name) !== undefined);
    if (declaring.length === 0) {
      const known = candidates.map((source) => `${source.type}: ${listed(Object.keys(source.events))}`);
      fail(`"${name}" is not an event of ${listed(candidates.map((s) => s.type))} (${known.join('; ')})`);
    }
    if (declaring.length > 1)
      fail(`${name} is an event of ${listed(declaring.map((s) => s.type))}: give the event's type to say which`);
    const source = declaring[0]!;
    // Today's shape, at today's version: the reader upcasts only what was written before it.
    return { type: source.type, aggregateId, name, data, eventVersion: eventVersionOf(source, name) };
  });
}

/** Commits the events to the store in this order, each to its aggregate's stream. */
export async function commitGivenEvents(store: InMemoryEventStore, tenant: string, events: readonly ResolvedEvent[]) {
  const versions = new Map<string, number>();
  for (const { type, aggregateId, name, data, eventVersion } of events) {
    const key = `${type}/${aggregateId}`;
    const version = versions.get(key) ?? 0;
    versions.set(key, version + 1);
    await store.commit({
      stream: { tenant, type, id: aggregateId },
      expectedVersion: version,
      events: [{ name, data, eventVersion }],
      snapshot: { state: null, schema: 1 },
      meta: META,
    });
  }
}
