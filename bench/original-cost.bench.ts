/**
 * `npm run bench -- original`, its second table: the Firestore operations of the scenarios the
 * original `@rotorsoft/event-store` 0.3.5 has, for it and for this project, counted at the SDK
 * boundary (countFirestoreOperations: both libraries send their RPCs through the same
 * firebase-admin client), each on a fresh database of its own. Counts: they do not depend on the
 * machine.
 */
import { countFirestoreOperations, type OperationCounts } from '@firebase-event-store/firestore';
import { actorOf } from '@firebase-event-store/testing';
import type { Firestore } from 'firebase-admin/firestore';
import { freshDb, history, original, originalActor, ours, payload, readToEnd } from './original.bench.js';

type Who = 'ours' | 'original';
const WARM = 20;
const EVENTS = 200;

/** One command by each library: a fresh handler (nothing cached) unless `handler` is given. */
function commandOf(who: Who, db: Firestore, tenant: string) {
  if (who === 'ours') {
    const { handler } = ours(db);
    return (id: string, expectedVersion?: number) =>
      handler
        .command(actorOf(tenant), 'AddNumbers', {
          aggregateId: id,
          ...payload,
          ...(expectedVersion !== undefined && { expectedVersion }),
        })
        .then((result) => result.version);
  }
  const handler = original(db);
  return (id: string, expectedVersion?: number) =>
    handler
      .command(originalActor(tenant), 'AddNumbers', {
        aggregateId: id,
        ...payload,
        ...(expectedVersion !== undefined && { expectedVersion }),
      })
      .then((result) => result.aggregate._aggregate_version_);
}

const scenarios: {
  name: string;
  per: number;
  run(who: Who, db: Firestore, counter: { reset(): void }): Promise<void>;
}[] = [
  {
    name: `warm command, previous version passed (per command, ${WARM})`,
    per: WARM,
    async run(who, db, counter) {
      const send = commandOf(who, db, 't1');
      let version = await send('c');
      counter.reset();
      for (let i = 0; i < WARM; i++) version = await send('c', version);
    },
  },
  {
    name: 'command from a fresh handler, 10 past events',
    per: 1,
    async run(who, db, counter) {
      await history(db, who, 't2', 'h', 10);
      counter.reset();
      await commandOf(who, db, 't2')('h');
    },
  },
  {
    name: `reading events to the end, one projection, pages of 100 (per event, ${EVENTS})`,
    per: EVENTS,
    async run(who, db, counter) {
      const send = commandOf(who, db, 't3');
      for (let i = 0; i < EVENTS; i++) await send(`w${i % 10}`);
      const seen: string[] = [];
      const read = readToEnd(who, db, 't3', seen);
      counter.reset();
      await read();
      if (new Set(seen).size !== EVENTS && who === 'ours') throw new Error(`ours read ${seen.length} of ${EVENTS}`);
    },
  },
];

const cell = ({ reads, writes, deletes, calls }: OperationCounts, n: number) =>
  `${(reads / n).toFixed(2)} / ${(writes / n).toFixed(2)} / ${(deletes / n).toFixed(2)} | ${Object.entries(calls)
    .map(([name, count]) => `${name} ${(count / n).toFixed(2)}`)
    .join(', ')}`;

export async function originalCostBench(host: string, log: (line: string) => void): Promise<string> {
  const lines = [
    '| Scenario | Ours: reads / writes / deletes | Ours: round trips | Original: reads / writes / deletes | Original: round trips |',
    '|---|---:|---|---:|---|',
  ];
  for (const scenario of scenarios) {
    log(`original, counted: ${scenario.name}...`);
    const cells: string[] = [];
    for (const who of ['ours', 'original'] as const) {
      const { db } = freshDb(host);
      const counter = countFirestoreOperations();
      try {
        await scenario.run(who, db, counter);
        cells.push(cell(counter.counts, scenario.per));
      } finally {
        counter.stop();
        await db.terminate();
      }
    }
    lines.push(`| ${scenario.name} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
