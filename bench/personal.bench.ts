/**
 * `npm run bench -- personal`: what sealing personal data costs a command. The same commands on
 * the same store, with the `Note` definition whose `authorName` is personal (sealed with the
 * author's key, the stream's state never cached) and with the same definition without
 * `personal`, interleaved in rounds; on the Firestore emulator and in memory.
 * - warm: `EditNote` again and again on one note (with personal data: one snapshot read each time,
 *   as a state that holds personal data is never cached; without: the cache, no read);
 * - first: `WriteNote` on a new note (with: the author's key read, seal; without: neither).
 */
import { randomUUID } from 'node:crypto';
import {
  createAggregateRegistry,
  createCommandHandler,
  createInMemoryEventStore,
  createSnapshotCache,
  defineAggregate,
  encryptPersonalData,
  type EventStore,
  type PersonalDataStore,
} from '@firebase-event-store/kernel';
import { createFirestoreEventStore, createFirestorePersonalData } from '@firebase-event-store/firestore';
import { Note, testActor } from '@firebase-event-store/testing';
import { TEST_PROJECT } from '@firebase-event-store/testing/emulator';
import type { Firestore } from 'firebase-admin/firestore';
import { median, timed, type Row } from './stats.js';

const ROUNDS = 6;
const PER_ROUND = 50;
const PlainNote = defineAggregate({ ...Note, personal: undefined });

function handlers(raw: EventStore & PersonalDataStore) {
  const sealed = encryptPersonalData(raw, { keys: raw, aggregates: [Note] });
  const make = (store: EventStore, aggregate: typeof PlainNote) =>
    createCommandHandler({
      store,
      registry: createAggregateRegistry([aggregate]),
      newId: randomUUID,
      cache: createSnapshotCache(),
    });
  return { personal: make(sealed, Note), plain: make(raw, PlainNote) };
}

export async function personalBench(db: Firestore, log: (line: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  const stores = [
    [
      'Firestore emulator',
      { ...createFirestoreEventStore(db, { projectId: TEST_PROJECT }), ...createFirestorePersonalData(db) },
    ],
    ['in memory', createInMemoryEventStore()],
  ] as const;
  for (const [where, raw] of stores) {
    log(`personal: ${ROUNDS} x ${PER_ROUND} commands each way, ${where}...`);
    const all = handlers(raw);
    const tenant = `personal-${randomUUID().slice(0, 8)}`;
    const author = testActor({ id: 'author', tenant });
    const samples = {
      warm: { personal: [] as number[], plain: [] as number[] },
      first: { personal: [] as number[], plain: [] as number[] },
    };
    for (const kind of ['personal', 'plain'] as const) {
      await all[kind].command(author, 'WriteNote', { aggregateId: `warm-${kind}`, authorName: 'Ada', text: '' });
    }
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 ? (['plain', 'personal'] as const) : (['personal', 'plain'] as const);
      for (const kind of order) {
        const handler = all[kind];
        samples.warm[kind].push(
          (await timed(async () => {
            for (let i = 0; i < PER_ROUND; i++)
              await handler.command(author, 'EditNote', { aggregateId: `warm-${kind}`, text: `${i}` });
          })) / PER_ROUND,
        );
        samples.first[kind].push(
          (await timed(async () => {
            for (let i = 0; i < PER_ROUND; i++)
              await handler.command(author, 'WriteNote', {
                aggregateId: `n-${kind}-${round}-${i}`,
                authorName: 'Ada',
                text: '',
              });
          })) / PER_ROUND,
        );
      }
    }
    for (const [scenario, what] of [
      [
        'warm',
        'a warm command on a note with a personal field (snapshot read, no cache) vs without personal fields (cached)',
      ],
      ['first', 'a command that seals a personal field (key read + AES-256-GCM) vs the same without personal fields'],
    ] as const) {
      rows.push({
        scenario: `${what}, ${where} (median of ${ROUNDS} x ${PER_ROUND})`,
        measure: 'ms/command',
        ours: median(samples[scenario].personal),
        floor: median(samples[scenario].plain),
        unit: 'ms',
      });
    }
  }
  return rows;
}
