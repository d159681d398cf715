import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { actorOf, Counter } from '@firebase-event-store/testing';
import { createInMemoryEventStore } from '../in-memory/in-memory-event-store.js';
import { createAggregateRegistry } from '../aggregate-registry.js';
import { createCommandHandler } from '../command/command-handler.js';
import { defineProjection } from '../event-handler.js';
import { pollPending } from './poll-pending.js';
import { createStreamReader } from './stream-reader.js';

/** A fake clock: time passes only when the projection below says so, however loaded the machine. */
let time = 0;
const clock = { now: () => time, date: () => new Date(time) };

/** Takes 20 ms (of the fake clock) per event of the tenant called "slow". */
const Sluggish = defineProjection({
  name: 'Sluggish',
  from: [Counter],
  readModel: { Sluggish: z.object({ count: z.int() }) },
  on: {
    Incremented: async (event, view) => {
      if (event.tenant === 'slow') time += 20;
      const seen = (await view.get('Sluggish', 'all')) ?? { count: 0 };
      view.set('Sluggish', 'all', { count: seen.count + 1 });
    },
  },
});

describe('pollPending (unit)', () => {
  it('gives each tenant a time slice: a slow tenant is cut short, the others are done, the next run finishes', async () => {
    const store = createInMemoryEventStore();
    const writer = createCommandHandler({ store, registry: createAggregateRegistry([Counter]), newId: randomUUID });
    for (const tenant of ['slow', 'quick-1', 'quick-2']) {
      await writer.command(actorOf(tenant), 'IncrementMany', { aggregateId: 'a', by: 1, times: 30 });
    }
    const reader = createStreamReader({
      store,
      handlers: [Sluggish],
      newId: randomUUID,
      pageSize: 5,
      clock: clock.date,
    });
    expect((await reader.pendingTenants()).sort()).toEqual(['quick-1', 'quick-2', 'slow']);

    const slices = { concurrency: 1, perTenantMs: 150, now: clock.now };
    const first = await pollPending(reader, { deadline: time + 10_000, ...slices });
    const status = Object.fromEntries(first.map((run) => [run.tenant, run.status]));
    expect(status).toEqual({ slow: 'out-of-time', 'quick-1': 'caught-up', 'quick-2': 'caught-up' });
    expect(await reader.pendingTenants()).toEqual(['slow']);

    while ((await reader.pendingTenants()).length > 0) {
      await pollPending(reader, { deadline: time + 10_000, ...slices });
    }
    expect(await store.readDocument('slow', 'Sluggish', 'all')).toEqual({ count: 30 });
  });

  it('starts nothing once the whole run is out of time', async () => {
    const store = createInMemoryEventStore();
    const writer = createCommandHandler({ store, registry: createAggregateRegistry([Counter]), newId: randomUUID });
    await writer.command(actorOf('late'), 'Increment', { aggregateId: 'a', by: 1 });
    const reader = createStreamReader({ store, handlers: [Sluggish], newId: randomUUID, clock: clock.date });
    expect(await pollPending(reader, { deadline: time - 1, now: clock.now })).toEqual([]);
    expect(await reader.pendingTenants()).toEqual(['late']);
  });
});
