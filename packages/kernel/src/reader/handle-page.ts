import pRetry from 'p-retry';
import { handlerOf, type Document, type Projection, type ProjectionView, type Reaction } from '../event-handler.js';
import type { CommittedEvent } from '../ports/event-store.js';
import type { ReaderKey, ReaderState, ReaderStep, ReaderStore } from '../ports/reader-store.js';
import { stagedView } from './staged-view.js';

/** What one page needs from the reader that runs it. */
export interface PageContext {
  readonly store: ReaderStore;
  readonly key: ReaderKey;
  readonly owner: string;
  /** Where the handler stands before the page. */
  readonly state: ReaderState;
  readonly lease: () => { readonly now: number; readonly leaseMs: number };
  /** The step that records a failure at `event`, the position staying at `done`. */
  readonly failed: (done: number, event: CommittedEvent, error: unknown) => ReaderStep;
  readonly reactionRetries: number;
}

/** The view a projection's handler gets: every document it writes must match its collection's schema. */
const checked = (projection: Projection, view: ProjectionView): ProjectionView => ({
  ...view,
  set: (collection, id, data) => {
    const schema = handlerOf(projection.schemas, collection);
    view.set(collection, id, (schema ? schema.parse(data) : data) as Document);
  },
});

/** Applies a page to a projection: its writes and the new position in one commit (exactly once). */
export function projectPage(context: PageContext, projection: Projection, page: readonly CommittedEvent[]) {
  const { store, key, owner, state, lease, failed } = context;
  return store.advance(key, owner, state.position, lease(), projection.collections, async (view) => {
    let done = state.position;
    for (const event of page) {
      const apply = handlerOf(projection.events, event.name);
      if (apply) {
        // The event's writes wait until it succeeds: a handler that fails halfway leaves nothing.
        const staged = stagedView((collection, id) => view.get(collection, id));
        try {
          await apply(event, checked(projection, staged.view));
        } catch (error) {
          return failed(done, event, error);
        }
        for (const { collection, id, data } of staged.writes()) {
          if (data === null) view.delete(collection, id);
          else view.set(collection, id, data);
        }
      }
      done = event.position!;
    }
    return { position: done, failure: null };
  });
}

/**
 * Hands a page to a reaction one event at a time, retrying within the run, and saves the
 * position after each effect (at least once: a crash repeats at most the last event).
 */
export async function reactPage(
  context: PageContext,
  reaction: Reaction,
  page: readonly CommittedEvent[],
): Promise<ReaderStep> {
  const { store, key, owner, state, lease, failed, reactionRetries } = context;
  let position = state.position;
  for (const [index, event] of page.entries()) {
    const run = handlerOf(reaction.events, event.name);
    // Events nothing reacts to are passed over with the next saved step (or the page's last).
    if (!run && index < page.length - 1) continue;
    let step: ReaderStep = { position: event.position!, failure: null };
    if (run) {
      try {
        await pRetry(() => run(event), { retries: reactionRetries, minTimeout: 50, factor: 4 });
      } catch (error) {
        step = failed(position, event, error);
      }
    }
    await store.advance(key, owner, position, lease(), [], () => Promise.resolve(step));
    if (step.failure) return step;
    position = step.position;
  }
  return { position, failure: null };
}
