import type { AnyAggregate } from './aggregate.js';
import type { EventHandler } from './event-handler.js';

/**
 * Which signed-in users of a tenant may read its snapshots and read models through the
 * security rules, besides holding the tenant's claim. By default neither anonymous users nor
 * users whose email address is not verified read anything: an anonymous account is anyone
 * with the web app's public config, and an unverified email is anyone who typed it.
 */
export interface ClientReads {
  /** Users signed in anonymously (`sign_in_provider` `anonymous`) read too. Default false. */
  readonly allowAnonymous: boolean;
  /** Users whose token has an email that is not verified read too. Default false. */
  readonly allowUnverifiedEmail: boolean;
}

/**
 * What a deployment runs: its aggregates and its event handlers. Everything else that a team
 * would otherwise keep in step by hand comes from it: the command routes and the OpenAPI
 * document, the security rules' readable collections and who may read them, the reader's
 * handlers.
 */
export interface Catalog {
  readonly aggregates: readonly AnyAggregate[];
  readonly handlers: readonly EventHandler[];
  /** The collections of a tenant its clients may read: aggregates' snapshots and projections' read models. */
  readonly readableCollections: readonly string[];
  readonly clientReads: ClientReads;
}

/** A catalog, checked: each type, handler and collection named once, and no read model named like an aggregate. */
export function defineCatalog(parts: {
  readonly aggregates: readonly AnyAggregate[];
  readonly handlers?: readonly EventHandler[];
  readonly clientReads?: Partial<ClientReads>;
}): Catalog {
  const { aggregates, handlers = [] } = parts;
  const clientReads = Object.freeze({ allowAnonymous: false, allowUnverifiedEmail: false, ...parts.clientReads });
  const collections = [
    ...aggregates.map((aggregate) => aggregate.type),
    ...handlers.flatMap((handler) => (handler.kind === 'projection' ? handler.collections : [])),
  ];
  const twice = (names: readonly string[]) => names.find((name, index) => names.indexOf(name) !== index);
  const repeated = twice(collections) ?? twice(handlers.map((handler) => handler.name));
  if (repeated) throw new TypeError(`The catalog names ${repeated} twice`);
  return Object.freeze({ aggregates, handlers, readableCollections: Object.freeze(collections), clientReads });
}
