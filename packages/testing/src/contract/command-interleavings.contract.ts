import { describe, expect, it } from 'vitest';
import { createAggregateRegistry } from '@firebase-event-store/kernel';
import type { CommandResult, EventStore } from '@firebase-event-store/kernel';
import { actorOf } from '../actors.js';
import { cachedHandler } from '../cached-handler.js';
import { Counter } from '../fixtures/counter.js';
import { uniqueTenant } from '../ids.js';

/** A promise and its resolve, to hold one call of the store until the test lets it go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** What a retry must answer with: the original's commit, replayed. */
const replayOf = ({ aggregateType, aggregateId, version, events, state }: CommandResult) => ({
  aggregateType,
  aggregateId,
  version,
  state,
  events: events.map(({ id, name, data }): unknown => expect.objectContaining({ id, name, data })),
  replayed: true,
});

/**
 * Orders of reads and commits that concurrency makes possible, driven step by step through the
 * store port, on any store (attack C5 (docs/security.md) under a race).
 */
export function commandInterleavingsSuite(harness: { name: string; store: () => EventStore }) {
  describe(`command interleavings: ${harness.name}`, () => {
    const registry = createAggregateRegistry([Counter]);

    /**
     * A retry with the original's Idempotency-Key reads the record before the original's
     * commit is visible, and the aggregate after it: the interleaving a client that drops its
     * connection right after sending, and retries at once, produces under load.
     */
    async function raceRetry(
      setUp: (original: ReturnType<typeof cachedHandler>, actor: ReturnType<typeof actorOf>) => Promise<void>,
      name: string,
      input: Record<string, unknown>,
    ) {
      const store = harness.store();
      const actor = actorOf(uniqueTenant(), ['user', 'admin']);
      const original = cachedHandler(store, registry);
      await setUp(original, actor);
      const idempotency = { key: 'retry-key', fingerprint: `${name}:${JSON.stringify(input)}` };
      const recordRead = gate();
      const snapshotRead = gate();
      const retryStore: EventStore = {
        ...store,
        readIdempotency: async (tenant, key) => {
          const found = await store.readIdempotency(tenant, key);
          recordRead.open();
          return found;
        },
        loadSnapshot: async (stream) => {
          await snapshotRead.opened;
          return store.loadSnapshot(stream);
        },
      };
      const retry = cachedHandler(retryStore, registry).command(actor, name, input, { idempotency });
      await recordRead.opened; // the retry found no record: the original has not committed yet
      const committed = await original.command(actor, name, input, { idempotency });
      snapshotRead.open(); // the retry now reads the aggregate the original produced
      const answer = await retry;
      const stream = { tenant: actor.tenant, type: 'Counter', id: String(input.aggregateId) };
      return { answer, committed, version: await store.streamVersion(stream) };
    }

    it('with its old If-Match: answered from the record, not 412', async () => {
      const { answer, committed, version } = await raceRetry(
        (original, actor) =>
          original.command(actor, 'Increment', { aggregateId: 'if-match', by: 1 }).then(() => undefined),
        'Increment',
        { aggregateId: 'if-match', expectedVersion: 1, by: 2 },
      );
      expect(answer).toEqual(replayOf(committed));
      expect(version).toBe(2);
    });

    it('creating an aggregate (requires new): answered from the record, not 409 aggregate-exists', async () => {
      const { answer, committed, version } = await raceRetry(() => Promise.resolve(), 'Open', { aggregateId: 'new' });
      expect(answer).toEqual(replayOf(committed));
      expect(version).toBe(1);
    });

    it('a business rule the original itself made false: answered from the record, not 409', async () => {
      const { answer, committed, version } = await raceRetry(
        (original, actor) => original.command(actor, 'Increment', { aggregateId: 'rule', by: 5 }).then(() => undefined),
        'Reset',
        { aggregateId: 'rule' },
      );
      expect(answer).toEqual(replayOf(committed));
      expect(version).toBe(2);
    });
  });
}
