import type { EventSchemas, Upcaster } from './aggregate.js';
import { Err } from './err.js';
import { handlerOf } from './handler-of.js';

/** What upcasting needs of an aggregate: its type, its event schemas and their upcasters. */
export interface EventSource {
  readonly type: string;
  readonly events: EventSchemas;
  readonly upcasters?: { readonly [name: string]: readonly Upcaster[] | undefined };
}

/** An event as stored: its name, its data, and the version of the definition it was written with. */
interface StoredEvent {
  readonly name: string;
  readonly data: unknown;
  readonly eventVersion?: number;
  readonly id?: string;
}

/** The current version of an event's definition: 1, plus one per upcaster. */
export const eventVersionOf = (source: EventSource, name: string): number =>
  (handlerOf(source.upcasters ?? {}, name)?.length ?? 0) + 1;

/**
 * The event's data at the current version of its definition: each upcaster from its stored
 * version on, then the schema's check (and its defaults). An event stored at a version no chain
 * leads from, or whose upcast data fails its schema, is an error that names it: a replay never
 * skips an event it cannot read.
 */
export function upcastData(source: EventSource, event: StoredEvent): unknown {
  const schema = handlerOf(source.events, event.name);
  const what = `${source.type} event ${event.name}${event.id ? ` (${event.id})` : ''}`;
  if (!schema) throw Err.internal(`${what} is not an event of ${source.type}`);
  const chain = handlerOf(source.upcasters ?? {}, event.name) ?? [];
  const current = chain.length + 1;
  const stored = event.eventVersion ?? 1;
  if (!Number.isInteger(stored) || stored < 1 || stored > current) {
    throw Err.internal(
      `${what} was written at version ${stored}, and its definition is at version ${current}: no upcaster leads from ${stored} to ${current}`,
    );
  }
  let data = event.data;
  for (let version = stored; version < current; version++) data = chain[version - 1]!(data as Record<string, unknown>);
  const checked = schema.safeParse(data);
  if (!checked.success) {
    throw Err.internal(
      `${what}, upcast from version ${stored} to ${current}, does not match its schema: ${checked.error.message}`,
    );
  }
  return checked.data;
}

/** The event as a reader hands it to handlers: its data at the current version, if one of `sources` defines it. */
export function upcastFrom<E extends StoredEvent & { readonly type: string }>(sources: readonly EventSource[]) {
  const byType = new Map(sources.map((source) => [source.type, source]));
  return (event: E): E => {
    const source = byType.get(event.type);
    if (!source || !Object.hasOwn(source.events, event.name)) return event;
    return { ...event, data: upcastData(source, event), eventVersion: eventVersionOf(source, event.name) };
  };
}
