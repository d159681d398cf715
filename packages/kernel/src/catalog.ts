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
 * Where a deployment keeps its data subjects' keys (crypto-shredding), when not beside the
 * events: the choice sets how long a forgotten subject stays recoverable from backups
 * (docs/security.md states the erasure window of each).
 */
export interface SubjectKeyStorage {
  /** Another database of the project for the keys (Firestore: a named database). */
  readonly database?: string;
  /**
   * The key-encryption key that wraps each subject key (envelope encryption), per project: for
   * Cloud KMS, `projects/{project}/locations/{location}/keyRings/{ring}/cryptoKeys/{key}`.
   */
  readonly kmsKeyName?: (projectId: string) => string;
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
  /** Where the subject keys live; `{}`: beside the events, unwrapped. */
  readonly subjectKeys: SubjectKeyStorage;
}

/** A catalog, checked: each type, handler and collection named once, and no read model named like an aggregate. */
export function defineCatalog(parts: {
  readonly aggregates: readonly AnyAggregate[];
  readonly handlers?: readonly EventHandler[];
  readonly clientReads?: Partial<ClientReads>;
  readonly subjectKeys?: SubjectKeyStorage;
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
  return Object.freeze({
    aggregates,
    handlers,
    readableCollections: Object.freeze(collections),
    clientReads,
    subjectKeys: Object.freeze({ ...parts.subjectKeys }),
  });
}
