import type { AnyAggregate } from '../aggregate.js';
import { Err } from '../err.js';
import { handlerOf } from '../event-handler.js';
import type { EventStore, NewEvent, StreamKey } from '../ports/event-store.js';
import { upcastData } from '../upcast.js';
import { holdsPersonalData } from '../personal/personal-fields.js';

export const schemaVersionOf = (aggregate: AnyAggregate) => aggregate.schemaVersion ?? 1;

/**
 * Freezes a state, so a state shared through the cache cannot be changed by a caller, and an
 * `evolve` that mutates its input instead of returning a new state fails loudly.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function apply(aggregate: AnyAggregate, state: unknown, { name, data }: NewEvent): unknown {
  const evolve = handlerOf(aggregate.evolve, name);
  if (!evolve) throw Err.internal(`${aggregate.type} cannot apply ${name}`);
  return evolve(state, data);
}

/** Applies events to a state with the aggregate's `evolve` functions. */
export const fold = (aggregate: AnyAggregate, state: unknown, events: readonly NewEvent[]): unknown =>
  deepFreeze(events.reduce((next, event) => apply(aggregate, next, event), state));

/**
 * Rebuilds a state from the stream's events, read in pages, each upcast to the current version
 * of its definition and checked against its schema. For rebuilds, missing or outdated
 * snapshots and time travel; never on the hot path.
 */
export async function replay(
  store: EventStore,
  aggregate: AnyAggregate,
  stream: StreamKey,
  toVersion?: number,
): Promise<{ state: unknown; version: number; personal: boolean }> {
  let state: unknown = aggregate.init();
  let version = 0;
  let personal = false;
  const options = toVersion === undefined ? {} : { toVersion };
  for await (const event of store.readStream(stream, options)) {
    if (event.version !== version + 1) throw Err.internal(`${event.id} follows version ${version}`);
    const data = upcastData(aggregate, event);
    state = apply(aggregate, state, { name: event.name, data });
    personal ||= holdsPersonalData(aggregate, [{ name: event.name, data }]);
    version = event.version;
  }
  return { state: deepFreeze(state), version, personal };
}
