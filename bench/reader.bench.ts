/**
 * The ordered reader against the raw floor: a plain paged query over the same event documents
 * (ordered by position), in the same run. And the seed's failure case: a log written by 10
 * concurrent clients, read back with nothing lost.
 */
import { randomUUID } from 'node:crypto';
import { defineProjection, createStreamReader } from '@firebase-event-store/kernel';
import { createFirestoreEventStore } from '@firebase-event-store/firestore';
import { actorOf, Counter } from '@firebase-event-store/testing';
import { z } from 'zod';
import type { Firestore } from 'firebase-admin/firestore';
import { median, timed, type Row } from './stats.js';
import { handlerFor } from './store.bench.js';
import { TEST_PROJECT } from '@firebase-event-store/testing/emulator';

/** A counting projection: one document per tenant. */
const Count = defineProjection({
  name: 'Count',
  from: [Counter],
  readModel: { Count: z.object({ n: z.int() }) },
  on: {
    Incremented: async (_event, view) => {
      const count = (await view.get('Count', 'all')) ?? { n: 0 };
      view.set('Count', 'all', { n: count.n + 1 });
    },
  },
});

const PAGE = 200;

/** A tenant with `count` committed and sequenced events; returns how long sequencing took. */
async function tenantWith(db: Firestore, count: number) {
  const tenant = `bench-${randomUUID().slice(0, 8)}`;
  const writer = handlerFor(db, true);
  for (let done = 0; done < count; done += 400) {
    await writer.command(actorOf(tenant), 'IncrementMany', {
      aggregateId: 'bulk',
      by: 1,
      times: Math.min(400, count - done),
    });
  }
  const store = createFirestoreEventStore(db, { projectId: TEST_PROJECT });
  const ms = await timed(async () => {
    while ((await store.sequence(tenant)).length > 0);
  });
  return { tenant, sequenceMs: ms };
}

/** The floor: read every event of the tenant's log, in pages, with plain queries. */
async function pagedQuery(db: Firestore, tenant: string) {
  const events = db.collection(`tenants/${tenant}/events`);
  let after = 0;
  let read = 0;
  for (;;) {
    const page = await events.where('position', '>', after).orderBy('position').limit(PAGE).get();
    read += page.size;
    if (page.size < PAGE) return read;
    after = page.docs[page.size - 1]!.get('position') as number;
  }
}

export async function readerBench(db: Firestore, log: (line: string) => void): Promise<Row[]> {
  const N = 2000;
  const floor: number[] = [];
  const reader: number[] = [];
  const sequencing: number[] = [];
  log(`reader: ${N} events, counting projection vs paged query (3 rounds)...`);
  for (let round = 0; round < 3; round++) {
    const { tenant, sequenceMs } = await tenantWith(db, N);
    sequencing.push((N * 1000) / sequenceMs);
    const floorMs = await timed(async () => {
      if ((await pagedQuery(db, tenant)) !== N) throw new Error('the floor did not read every event');
    });
    const run = createStreamReader({
      store: createFirestoreEventStore(db, { projectId: TEST_PROJECT }),
      handlers: [Count],
      newId: randomUUID,
      pageSize: PAGE,
    });
    const readerMs = await timed(async () => {
      const [result] = await run.poll(tenant);
      if (result?.to !== N) throw new Error(`the reader stopped at ${result?.to}`);
    });
    floor.push((N * 1000) / floorMs);
    reader.push((N * 1000) / readerMs);
  }

  log('reader: 1,000 events written by 10 concurrent clients, then read...');
  const tenant = `bench-${randomUUID().slice(0, 8)}`;
  const writer = handlerFor(db, true);
  await Promise.all(
    Array.from({ length: 10 }, async (_, client) => {
      for (let i = 0; i < 100; i++)
        await writer.command(actorOf(tenant), 'Increment', { aggregateId: `client-${client}`, by: 1 });
    }),
  );
  const store = createFirestoreEventStore(db, { projectId: TEST_PROJECT });
  await createStreamReader({ store, handlers: [Count], newId: randomUUID }).poll(tenant);
  const counted = (await db.doc(`tenants/${tenant}/Count/all`).get()).get('n') as number;

  return [
    {
      scenario: `reader, counting projection, ${N} events, pages of ${PAGE} (median of 3)`,
      measure: 'throughput',
      ours: median(reader),
      floor: median(floor),
      unit: 'events/s',
      target: { min: 0.5 },
      note: '',
    },
    {
      scenario: '  sequencing the same events (positions given, before any reader)',
      measure: 'throughput',
      ours: median(sequencing),
      floor: median(floor),
      unit: 'events/s',
    },
    {
      scenario: '1,000 events from 10 concurrent clients, then read',
      measure: 'events counted',
      ours: counted,
      floor: 1000,
      unit: 'events',
      target: { min: 1 },
      note: `lost: ${1000 - counted}`,
    },
  ];
}
