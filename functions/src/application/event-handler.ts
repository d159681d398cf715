import { PASCAL_NAME } from '../domain/aggregate.js';
import type { CommittedEvent } from './event-store.js';

/** A read-model document: plain JSON-like data. */
export type Document = Record<string, unknown>;

/**
 * What a projection may touch: documents of its own collections in the event's tenant. Reads
 * see the projection's earlier writes in the same batch; writes land atomically with the
 * reader's new position, or not at all.
 */
export interface ProjectionView {
  get(collection: string, id: string): Promise<Document | undefined>;
  set(collection: string, id: string, data: Document): void;
  delete(collection: string, id: string): void;
}

/**
 * Effects are Firestore writes through the view, committed with the position: each event's
 * effect lands exactly once. `apply` may run more than once for an event (a transaction
 * retried), so it must do nothing but read and write through the view.
 */
export interface Projection {
  readonly kind: 'projection';
  /** PascalCase; names the reader's position, and its dead letters. */
  readonly name: string;
  /** The collections of the tenant it owns: its read model, readable by the tenant's clients. */
  readonly collections: readonly string[];
  /** Event name -> what it does with one. Events of other names pass it by. */
  readonly events: Readonly<Record<string, (event: CommittedEvent, view: ProjectionView) => Promise<void> | void>>;
}

/**
 * Effects outside the store (mail, webhooks, commands to other aggregates): delivered at least
 * once and in order; `event.id` is stable, to deduplicate on.
 */
export interface Reaction {
  readonly kind: 'reaction';
  readonly name: string;
  readonly events: Readonly<Record<string, (event: CommittedEvent) => Promise<void> | void>>;
}

export type EventHandler = Projection | Reaction;

export function defineProjection(projection: Omit<Projection, 'kind'>): Projection {
  if (!PASCAL_NAME.test(projection.name))
    throw new TypeError(`Projection name "${projection.name}" must be PascalCase`);
  for (const collection of projection.collections) {
    if (!PASCAL_NAME.test(collection))
      throw new TypeError(`${projection.name}: collection "${collection}" must be PascalCase`);
  }
  return { kind: 'projection', ...projection };
}

export function defineReaction(reaction: Omit<Reaction, 'kind'>): Reaction {
  if (!PASCAL_NAME.test(reaction.name)) throw new TypeError(`Reaction name "${reaction.name}" must be PascalCase`);
  return { kind: 'reaction', ...reaction };
}

/** What a record holds under a name, own properties only (an event named `constructor` is no one's). */
export const handlerOf = <F>(handlers: Readonly<Record<string, F>>, name: string): F | undefined =>
  Object.hasOwn(handlers, name) ? handlers[name] : undefined;
