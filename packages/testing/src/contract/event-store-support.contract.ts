/**
 * The event store contract's harness and what its cases share: the fixtures' registry, commits
 * made by hand, and a command handler with a cache on one tenant.
 */
import { createAggregateRegistry, isAppError } from '@firebase-event-store/kernel';
import type {
  Commit,
  CommittedEvent,
  EventStore,
  Snapshot,
  StreamKey,
  CommandHandlerOptions,
} from '@firebase-event-store/kernel';
import { Meter } from '../fixtures/meter.js';
import { actorOf } from '../actors.js';
import { cachedHandler } from '../cached-handler.js';
import { Counter } from '../fixtures/counter.js';

/** How a contract run reaches one adapter. */
export interface StoreHarness {
  readonly name: string;
  readonly store: () => EventStore;
  readonly tenant: () => string;
  /**
   * Capability: replaces or removes a snapshot behind the store's back, as an operator might.
   * A store that cannot leaves it out, and the cases that need it are reported as skipped.
   */
  readonly replaceSnapshot?: (stream: StreamKey, snapshot: Snapshot | undefined) => Promise<void>;
}

export const registry = createAggregateRegistry([Counter, Meter]);
export const meta = { actor: { id: 'u1', name: 'U' }, command: 'Test', correlationId: 'corr-1', causationId: null };

export const commitOf = (stream: StreamKey, expectedVersion: number, bys: number[], total: number): Commit => ({
  stream,
  expectedVersion,
  events: bys.map((by) => ({ name: 'Incremented', data: { by } })),
  snapshot: { state: { total, count: expectedVersion + bys.length, open: false }, schema: 1 },
  meta,
});

export async function all(events: AsyncIterable<CommittedEvent>) {
  const out: CommittedEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

export const settle = <T>(work: Promise<T>[]) => Promise.allSettled(work);

/** What every case of the suite starts from, on one harness. */
export function storeCaseTools(harness: StoreHarness) {
  const setup = (options: Partial<CommandHandlerOptions> = {}) => {
    const store = harness.store();
    const tenant = harness.tenant();
    const handler = cachedHandler(store, registry, options);
    return { store, tenant, handler, actor: actorOf(tenant, ['user', 'admin']) };
  };
  return { setup };
}

/**
 * The store with what a command handler asks of it counted: commits lost to a race (whether a
 * race really happened) and reads of a stream's events (a replay, where a snapshot should do).
 */
export function watched(store: EventStore) {
  const counts = { conflicts: 0, streamReads: 0 };
  const watching = Object.assign(Object.create(store) as EventStore, {
    commit: (commit: Commit) =>
      store.commit(commit).catch((error: unknown) => {
        if (isAppError(error, 'CONCURRENCY')) counts.conflicts++;
        throw error;
      }),
    readStream: (...args: Parameters<EventStore['readStream']>) => {
      counts.streamReads++;
      return store.readStream(...args);
    },
  });
  return { store: watching, counts };
}
