import { handlerOf, type Document, type Projection, type ProjectionView } from '../event-handler.js';
import type { CommittedEvent } from '../ports/event-store.js';
import type { DeadLetter, HandlerFailure, ProjectionRecord } from '../ports/reader-store.js';
import { upcastFrom } from '../upcast.js';
import { stagedView } from './staged-view.js';

/** A projection's record after a page, and the dead letter it stopped on, if any. */
export interface ProjectionOutcome {
  readonly record: ProjectionRecord;
  readonly deadLetter?: DeadLetter;
}

/** The view a projection's handler gets: every document it writes must match its collection's schema. */
const checked = (projection: Projection, view: ProjectionView): ProjectionView => ({
  ...view,
  set: (collection, id, data) => {
    const schema = handlerOf(projection.schemas, collection);
    view.set(collection, id, (schema ? schema.parse(data) : data) as Document);
  },
});

/**
 * Applies the events of a page past the projection's position to its read model through
 * `view`, in order, each at today's version of its definition. An event's writes wait until
 * it succeeded, so a handler that fails halfway leaves nothing; the projection then stops at
 * the event before, with the failure counted (`failed`), and the events it did apply stay.
 * The projection touches only its own collections.
 */
export async function applyProjection(
  projection: Projection,
  record: ProjectionRecord,
  page: readonly CommittedEvent[],
  view: ProjectionView,
  failed: (event: CommittedEvent, error: unknown) => { failure: HandlerFailure; deadLetter?: DeadLetter },
): Promise<ProjectionOutcome> {
  const owner = { handler: projection.name, collections: projection.collections };
  const own = stagedView((collection, id) => view.get(collection, id), owner);
  const upcast = upcastFrom<CommittedEvent>(projection.sources ?? []);
  let position = record.position;
  let outcome: ProjectionOutcome | undefined;
  for (const stored of page) {
    if (stored.position! <= position) continue;
    const apply = handlerOf(projection.events, stored.name);
    if (apply) {
      // A write outside its collections fails here, as the projection's own failure.
      const staged = stagedView((collection, id) => own.view.get(collection, id), owner);
      try {
        await apply(upcast(stored), checked(projection, staged.view));
      } catch (error) {
        const { failure, deadLetter } = failed(stored, error);
        outcome = {
          record: { ...record, position, failure, blocked: deadLetter !== undefined },
          ...(deadLetter && { deadLetter }),
        };
        break;
      }
      for (const { collection, id, data } of staged.writes()) {
        if (data === null) own.view.delete(collection, id);
        else own.view.set(collection, id, data);
      }
    }
    position = stored.position!;
  }
  for (const { collection, id, data } of own.writes()) {
    if (data === null) view.delete(collection, id);
    else view.set(collection, id, data);
  }
  return outcome ?? { record: { ...record, position, failure: null } };
}
