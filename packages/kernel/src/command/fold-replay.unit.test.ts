import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actorOf, Counter, ProfileV3 } from '@firebase-event-store/testing';
import { createAggregateRegistry } from '../aggregate-registry.js';
import { createInMemoryEventStore } from '../in-memory/in-memory-event-store.js';
import type { EventMeta, NewEvent } from '../ports/event-store.js';
import { upcastData } from '../upcast.js';
import { createCommandHandler } from './command-handler.js';
import { fold, replay } from './replay.js';
import { createSnapshotCache } from './snapshot-cache.js';

const meta: EventMeta = { actor: { id: 'u', name: 'U' }, command: 'test', correlationId: 'c', causationId: null };

/** Any of Counter's commands, refusals included. */
const counterCommand = fc.oneof(
  fc.record({ name: fc.constant('Open') }),
  fc.record({ name: fc.constant('Increment'), by: fc.integer({ min: -1000, max: 1000 }) }),
  fc.record({
    name: fc.constant('IncrementMany'),
    by: fc.integer({ min: -9, max: 9 }),
    times: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({ name: fc.constant('Reset') }),
  fc.record({ name: fc.constant('Nothing') }),
);

describe('folding a stream equals replaying it from any snapshot (property)', () => {
  it('for any command sequence, any prefix as the snapshot, then the rest folded', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(counterCommand, { maxLength: 12 }),
        fc.nat(),
        fc.boolean(),
        async (commands, cut, cached) => {
          const store = createInMemoryEventStore();
          const registry = createAggregateRegistry([Counter]);
          const cache = cached ? createSnapshotCache() : undefined;
          const handler = createCommandHandler({ store, registry, newId: randomUUID, ...(cache && { cache }) });
          const actor = actorOf('t1', ['user', 'admin']);
          for (const { name, ...payload } of commands) {
            await handler.command(actor, name, { aggregateId: 'c', ...payload }).catch(() => undefined);
          }
          const stream = { tenant: 't1', type: 'Counter', id: 'c' };
          const events: NewEvent[] = [];
          for await (const { name, data } of store.readStream(stream, { pageSize: 3 })) events.push({ name, data });
          const whole = fold(Counter, Counter.init(), events);
          const at = cut % (events.length + 1);
          const snapshot = await replay(store, Counter, stream, at);
          expect(snapshot.version).toBe(at);
          expect(fold(Counter, snapshot.state, events.slice(at))).toEqual(whole);
          // What the commits wrote as the snapshot, and what a rebuild gives, are that fold too.
          expect((await store.loadSnapshot(stream))?.state ?? Counter.init()).toEqual(whole);
          expect(await replay(store, Counter, stream)).toMatchObject({ version: events.length, state: whole });
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** ProfileCreated as written by each version of its definition (see the Profile fixture). */
const word = fc.string({ minLength: 0, maxLength: 8 });
const created = fc.oneof(
  fc.record({ v: fc.constant(1), data: fc.record({ fullName: word, mail: word }) }),
  fc.record({ v: fc.constant(2), data: fc.record({ fullName: word, email: word }) }),
  fc.record({ v: fc.constant(3), data: fc.record({ first: word, last: word, email: word, locale: word }) }),
);
const storedEvent = fc.oneof(
  created.map(({ v, data }) => ({ name: 'ProfileCreated', data, eventVersion: v })),
  fc.record({ locale: word }).map((data) => ({ name: 'Relocated', data, eventVersion: 1 })),
);

describe('upcasting then folding equals folding the upcast events (property)', () => {
  it('a stream of mixed versions replays as the same stream migrated to the current version', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(storedEvent, { maxLength: 10 }), async (history) => {
        const store = createInMemoryEventStore();
        const asWritten = { tenant: 't1', type: 'Profile', id: 'as-written' };
        const migrated = { tenant: 't1', type: 'Profile', id: 'migrated' };
        const upcast = history.map((event) => ({ name: event.name, data: upcastData(ProfileV3, event) }));
        for (const [index, event] of history.entries()) {
          const snapshot = { state: {}, schema: 2 }; // never read by a replay
          await store.commit({ stream: asWritten, expectedVersion: index, events: [event], snapshot, meta });
          const current = { ...upcast[index]!, eventVersion: event.name === 'ProfileCreated' ? 3 : 1 };
          await store.commit({ stream: migrated, expectedVersion: index, events: [current], snapshot, meta });
        }
        const folded = fold(ProfileV3, ProfileV3.init(), upcast);
        expect(await replay(store, ProfileV3, asWritten)).toMatchObject({ version: history.length, state: folded });
        expect(await replay(store, ProfileV3, migrated)).toMatchObject({ version: history.length, state: folded });
      }),
      { numRuns: 200 },
    );
  });
});
