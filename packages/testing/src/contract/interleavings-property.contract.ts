import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createAggregateRegistry } from '@firebase-event-store/kernel';
import type { CommandResult, CommittedEvent, EventStore } from '@firebase-event-store/kernel';
import { actorOf } from '../actors.js';
import { cachedHandler } from '../cached-handler.js';
import { Counter } from '../fixtures/counter.js';
import { uniqueTenant } from '../ids.js';

const registry = createAggregateRegistry([Counter]);
const ids = ['a', 'b', 'c'] as const;

/** One request: which instance of the API takes it, on which counter, and what it asks. */
const request = fc.record({
  instance: fc.integer({ min: 0, max: 1 }),
  id: fc.constantFrom(...ids),
  command: fc.oneof(
    fc.record({ name: fc.constant('Open') }),
    fc.record({ name: fc.constant('Increment'), by: fc.integer({ min: -5, max: 5 }) }),
    fc.record({
      name: fc.constant('IncrementMany'),
      by: fc.integer({ min: 1, max: 3 }),
      times: fc.integer({ min: 1, max: 3 }),
    }),
    fc.record({ name: fc.constant('Reset') }),
    fc.record({ name: fc.constant('Nothing') }),
  ),
  ifMatch: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
});

/** Every call the store port answers starts only when the scheduler says so. */
function scheduled(store: EventStore, s: fc.Scheduler): EventStore {
  const gate = (label: string) => s.schedule(Promise.resolve(label), label);
  return {
    ...store,
    loadSnapshot: async (key) => (await gate(`load ${key.id}`), store.loadSnapshot(key)),
    commit: async (commit) => (
      await gate(`commit ${commit.stream.id}@${commit.expectedVersion}`),
      store.commit(commit)
    ),
    readIdempotency: async (tenant, key) => (await gate('record'), store.readIdempotency(tenant, key)),
    sequence: async (tenant, options) => (await gate('sequence'), store.sequence(tenant, options)),
    async *readStream(key, options) {
      await gate(`replay ${key.id}`);
      yield* store.readStream(key, options);
    },
  };
}

async function all<T>(items: AsyncIterable<T>) {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/**
 * Concurrent commands on two instances of the API (each with its own snapshot cache) and
 * concurrent sequencers, in every order fast-check's scheduler picks for the store's calls:
 * each aggregate's versions stay 1..n without gaps, every successful command's events are stored
 * and nothing else is, and the tenant's log gives each event one position, 1..N without gaps.
 */
export function interleavingsProperty(harness: {
  name: string;
  store: () => EventStore;
  numRuns: number;
  /** Concurrent commands per run (default 8). */
  maxCommands?: number;
}) {
  it(`interleavings of commands and sequencers (property, ${harness.numRuns} runs): ${harness.name}`, async () => {
    const store = harness.store();
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(request, { minLength: 1, maxLength: harness.maxCommands ?? 8 }),
        fc.integer({ min: 0, max: 2 }),
        async (s, requests, sequencers) => {
          const tenant = uniqueTenant('prop');
          const actor = actorOf(tenant, ['user', 'admin']);
          const gated = scheduled(store, s);
          // No wait between retries: the scheduler, not the clock, decides who goes first. The
          // scheduler releases one store call at a time, so a command's deadline is the test's.
          const options = { retry: { minDelayMs: 0, maxDelayMs: 0 }, deadlineMs: 600_000 };
          const instances = [cachedHandler(gated, registry, options), cachedHandler(gated, registry, options)];
          const commands = requests.map(({ instance, id, command: { name, ...payload }, ifMatch }) =>
            instances[instance]!.command(actor, name, { aggregateId: id, expectedVersion: ifMatch, ...payload }),
          );
          const sequenced = Array.from({ length: sequencers }, () => gated.sequence(tenant));
          const settled = await s.waitFor(Promise.allSettled([...commands, ...sequenced]));
          for (const outcome of settled) {
            // Refusals are answers (404, 409, 412); anything else is a defect.
            if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ name: 'AppError' });
            if (outcome.status === 'rejected') expect(outcome.reason.code).not.toMatch(/INTERNAL|UNAVAILABLE/);
          }
          const answered = settled
            .slice(0, commands.length)
            .flatMap((outcome) => (outcome.status === 'fulfilled' ? (outcome.value as CommandResult).events : []));
          const stored: CommittedEvent[] = [];
          for (const id of ids) {
            const events = await all(store.readStream({ tenant, type: 'Counter', id }));
            expect(events.map(({ version }) => version)).toEqual(events.map((_, index) => index + 1));
            stored.push(...events);
          }
          expect(answered.map(({ id }) => id).sort()).toEqual(stored.map(({ id }) => id).sort());
          // What the concurrent sequencers left, positioned now.
          for (let batch = await store.sequence(tenant); batch.length > 0; batch = await store.sequence(tenant))
            continue;
          const log = await store.readLog(tenant, { after: 0, limit: 1000 });
          expect(log.map(({ position }) => position)).toEqual(log.map((_, index) => index + 1));
          expect(log.map(({ id }) => id).sort()).toEqual(stored.map(({ id }) => id).sort());
        },
      ),
      { numRuns: harness.numRuns },
    );
  });
}
