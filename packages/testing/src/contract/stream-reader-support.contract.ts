/**
 * The stream reader contract's harness and what its cases share: a writer, a reader over given
 * handlers, and reads of the Ledger projection and of a handler's position.
 */
import { randomUUID } from 'node:crypto';
import { createAggregateRegistry, createCommandHandler, createStreamReader } from '@firebase-event-store/kernel';
import type {
  EventStore,
  Document,
  EventHandler,
  ReaderStore,
  StreamReaderOptions,
} from '@firebase-event-store/kernel';
import { actorOf } from '../actors.js';
import { Counter } from '../fixtures/counter.js';
import { Ledger, Totals } from '../fixtures/reader-fixtures.js';

export interface ReaderHarness {
  readonly name: string;
  readonly store: () => EventStore & ReaderStore;
  readonly tenant: () => string;
  readonly readDocument: (tenant: string, collection: string, id: string) => Promise<Document | undefined>;
}

export const registry = createAggregateRegistry([Counter]);

/** What every case of the suite starts from, on one harness. */
export function readerCaseTools(harness: ReaderHarness) {
  const setup = (handlers: readonly EventHandler[] = [Ledger, Totals], options: Partial<StreamReaderOptions> = {}) => {
    const store = harness.store();
    const tenant = harness.tenant();
    const writer = createCommandHandler({ store, registry, newId: randomUUID });
    const actor = actorOf(tenant);
    const reader = createStreamReader({ store, handlers, newId: randomUUID, ...options });
    const increment = (id: string, by: number) => writer.command(actor, 'Increment', { aggregateId: id, by });
    const ledger = async () =>
      (await harness.readDocument(tenant, 'Ledger', 'all')) as { positions: number[]; ids: string[] } | undefined;
    const position = async (handler: string) =>
      ((await store.readLogState(tenant)).projections[handler] ?? (await store.readerState({ tenant, handler })))
        .position;
    return { store, tenant, reader, increment, ledger, position };
  };
  const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  return { setup, upTo };
}
