import type { AnyAggregate } from './aggregate.js';
import type { EventHandler } from './event-handler.js';

/**
 * What a deployment runs: its aggregates and its event handlers. Everything else that a team
 * would otherwise keep in step by hand comes from it: the command routes and the OpenAPI
 * document, the security rules' readable collections, the reader's handlers.
 */
export interface Catalog {
  readonly aggregates: readonly AnyAggregate[];
  readonly handlers: readonly EventHandler[];
  /** The collections of a tenant its clients may read: aggregates' snapshots and projections' read models. */
  readonly readableCollections: readonly string[];
}

/** A catalog, checked: each type, handler and collection named once, and no read model named like an aggregate. */
export function defineCatalog(parts: {
  readonly aggregates: readonly AnyAggregate[];
  readonly handlers?: readonly EventHandler[];
}): Catalog {
  const { aggregates, handlers = [] } = parts;
  const collections = [
    ...aggregates.map((aggregate) => aggregate.type),
    ...handlers.flatMap((handler) => (handler.kind === 'projection' ? handler.collections : [])),
  ];
  const twice = (names: readonly string[]) => names.find((name, index) => names.indexOf(name) !== index);
  const repeated = twice(collections) ?? twice(handlers.map((handler) => handler.name));
  if (repeated) throw new TypeError(`The catalog names ${repeated} twice`);
  return Object.freeze({ aggregates, handlers, readableCollections: Object.freeze(collections) });
}
