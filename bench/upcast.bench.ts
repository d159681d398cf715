/**
 * `npm run bench -- upcast`: what upcasting costs a replay. The same 10,000 events of one
 * stream, stored once at version 1 of their definition (two upcasters to run on each) and once
 * at version 3 (none), replayed with today's definition, interleaved in rounds; on the
 * Firestore emulator (what a rebuild or time travel pays) and in memory (the CPU alone).
 */
import { randomUUID } from 'node:crypto';
import { createInMemoryEventStore, replay, type EventStore } from '@firebase-event-store/kernel';
import { createFirestoreEventStore } from '@firebase-event-store/firestore';
import { ProfileV3 } from '@firebase-event-store/testing';
import { TEST_PROJECT } from '@firebase-event-store/testing/emulator';
import type { Firestore } from 'firebase-admin/firestore';
import { median, timed, type Row } from './stats.js';

const EVENTS = 10_000;
const ROUNDS = 5;
const meta = { actor: { id: 'bench', name: 'bench' }, command: 'CreateProfile', correlationId: 'u', causationId: null };
const asStored = {
  1: { eventVersion: 1, data: { fullName: 'Ada Lovelace', mail: 'ada@example.com' } },
  3: { eventVersion: 3, data: { first: 'Ada', last: 'Lovelace', email: 'ada@example.com', locale: 'en' } },
} as const;

/** A stream of EVENTS ProfileCreated events, all written at one version of the definition. */
async function stream(store: EventStore, version: 1 | 3) {
  const key = { tenant: `upcast-${randomUUID().slice(0, 8)}`, type: 'Profile', id: 'p' };
  for (let done = 0; done < EVENTS; done += 400) {
    await store.commit({
      stream: key,
      expectedVersion: done,
      events: Array.from({ length: Math.min(400, EVENTS - done) }, () => ({
        name: 'ProfileCreated',
        ...asStored[version],
      })),
      snapshot: { state: asStored[3].data, schema: 2 },
      meta,
    });
  }
  return key;
}

export async function upcastBench(db: Firestore, log: (line: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [where, store] of [
    ['Firestore emulator', createFirestoreEventStore(db, { projectId: TEST_PROJECT })],
    ['in memory', createInMemoryEventStore()],
  ] as const) {
    log(`upcast: replays of ${EVENTS.toLocaleString('en')} events, ${where}...`);
    const [old, current] = [await stream(store, 1), await stream(store, 3)];
    const samples = { upcast: [] as number[], none: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      const runs = [
        ['upcast', old],
        ['none', current],
      ] as const;
      for (const [kind, key] of round % 2 ? [...runs].reverse() : runs) {
        samples[kind].push(await timed(() => replay(store, ProfileV3, key)));
      }
    }
    rows.push({
      scenario: `replay of ${EVENTS.toLocaleString('en')} events, ${where}: stored at version 1 (two upcasters each) vs at version 3 (median of ${ROUNDS})`,
      measure: 'ms',
      ours: median(samples.upcast),
      floor: median(samples.none),
      unit: 'ms',
    });
  }
  return rows;
}
