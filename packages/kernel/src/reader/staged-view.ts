import type { Document, ProjectionView } from '../event-handler.js';

export interface StagedWrite {
  readonly collection: string;
  readonly id: string;
  /** null: delete. */
  readonly data: Document | null;
}

/**
 * A projection view whose writes wait in memory until the caller applies them, all or none:
 * a page's writes until its commit, an event's until it succeeded. Reads see the staged writes
 * first, then `read`. With `owner`, any access outside its collections throws at once.
 * Staged documents are copied in and out, as Firestore serializes a write when it is made: a
 * handler that changes an object after `set`, or changes what `get` gave it and then fails,
 * cannot change what is staged.
 */
export function stagedView(
  read: (collection: string, id: string) => Promise<Document | undefined>,
  owner?: { readonly handler: string; readonly collections: readonly string[] },
) {
  const writes = new Map<string, StagedWrite>();
  const keyOf = (collection: string, id: string) => {
    if (owner && !owner.collections.includes(collection))
      throw new Error(`${owner.handler} may not touch ${collection}`);
    return `${collection}/${id}`;
  };
  const view: ProjectionView = {
    get: async (collection, id) => {
      const staged = writes.get(keyOf(collection, id));
      return staged ? (structuredClone(staged.data) ?? undefined) : read(collection, id);
    },
    set: (collection, id, data) =>
      void writes.set(keyOf(collection, id), { collection, id, data: structuredClone(data) }),
    delete: (collection, id) => void writes.set(keyOf(collection, id), { collection, id, data: null }),
  };
  return { view, writes: () => writes.values() };
}
