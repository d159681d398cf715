/* eslint-disable max-lines -- every scenario of the issue side by side with the original, interleaved in rounds in one run: the ratios only hold side by side. */
/**
 * `npm run bench -- original`: this project, the original `@rotorsoft/event-store` 0.3.5 (its
 * own Firestore store, command handler and stream reader, as its README uses them) and the
 * raw floor, on one emulator in one run, interleaved in rounds (the order rotates each round)
 * so that drift cancels. Fair by construction: every contender of every round writes to a
 * Firestore project of its own on the same emulator, so a query of one (the original's
 * reader and loader run queries whose cost grows with what is stored) never sees another's
 * documents, and each starts from an empty database.
 */
import { randomUUID } from 'node:crypto';
import {
  Actor as OriginalActor,
  Aggregate,
  CommandHandler as OriginalHandler,
  FirestoreEventStore as OriginalStore,
  IEventHandler,
  StreamReader as OriginalReader,
} from '@rotorsoft/event-store';
import {
  createCommandHandler,
  createSnapshotCache,
  createStreamReader,
  defineProjection,
} from '@firebase-event-store/kernel';
import { createFirestoreEventStore } from '@firebase-event-store/firestore';
import { actorOf } from '@firebase-event-store/testing';
import { connectEmulatorFirestore } from '@firebase-event-store/testing/emulator';
import { Calculator } from './domain/calculator.js';
import type { Firestore } from 'firebase-admin/firestore';
import { floorOp, registry } from './store.bench.js';
import { median, now, timed } from './stats.js';

/** The seed README's Calculator, as the original defines aggregates. */
class OriginalCalculator extends Aggregate {
  sum = 0;
  static override get path() {
    return '/calculators';
  }
  get commands() {
    return { AddNumbers: async (context: { push: (name: string) => void }) => context.push('NumbersAdded') };
  }
  get events() {
    return {
      NumbersAdded: (event: { payload: { number1: number; number2: number } }) => {
        this.sum += event.payload.number1 + event.payload.number2;
      },
    };
  }
}

type Contender = 'ours' | 'original' | 'floor';
const CONTENDERS: Contender[] = ['ours', 'original', 'floor'];
const ROUNDS = 5;
export const payload = { number1: 1, number2: 2 };

/** A fresh, empty database for one contender's part of a round. */
export function freshDb(host: string): { db: Firestore; project: string } {
  const project = `demo-vs-${randomUUID().slice(0, 8)}`;
  const db = connectEmulatorFirestore(host, project);
  projects.set(db, project);
  return { db, project };
}
const projects = new WeakMap<Firestore, string>();

export function ours(db: Firestore, cached = true) {
  const store = createFirestoreEventStore(db, { projectId: projects.get(db)! });
  return {
    store,
    handler: createCommandHandler({
      store,
      registry,
      newId: randomUUID,
      ...(cached && { cache: createSnapshotCache() }),
    }),
  };
}
export const original = (db: Firestore) => new OriginalHandler(new OriginalStore(db), [OriginalCalculator]);
export const originalActor = (tenant: string) => new OriginalActor({ tenant, id: 'bench', roles: [] });

/** Writes `events` past events of one calculator as each library stores them (batches, not commands). */
export async function history(db: Firestore, who: 'ours' | 'original', tenant: string, id: string, events: number) {
  if (who === 'ours') {
    const { store } = ours(db);
    const meta = {
      actor: { id: 'bench', name: 'bench' },
      command: 'AddNumbers',
      correlationId: 'h',
      causationId: null,
    };
    for (let done = 0; done < events; done += 400) {
      const n = Math.min(400, events - done);
      await store.commit({
        stream: { tenant, type: 'Calculator', id },
        expectedVersion: done,
        events: Array.from({ length: n }, () => ({ name: 'NumbersAdded', data: payload })),
        snapshot: { state: { sum: 3 * (done + n) }, schema: 1 },
        meta,
      });
    }
    return;
  }
  const pad = (n: number) => String(n).padStart(6, '0');
  for (let done = 0; done < events; done += 400) {
    const batch = db.batch();
    for (let v = done; v < Math.min(events, done + 400); v++) {
      const envelope = {
        id: pad(v),
        aid: id,
        gid: `${new Date().toISOString()}.${pad(v)}`,
        command: 'AddNumbers',
        actor: { tenant, id: 'bench' },
        events: [{ name: 'NumbersAdded', version: 0, payload }],
      };
      batch.create(db.doc(`tenants/${tenant}/events/${id}.${pad(v)}`), envelope);
    }
    await batch.commit();
  }
  await db
    .doc(`tenants/${tenant}/snapshots/${id}`)
    .set({ sum: 3 * events, _aggregate_id_: id, _aggregate_version_: events - 1 });
}

/** Reads the tenant's events to the end with each library's reader, pages of 100: what each saw. */
export function readToEnd(who: 'ours' | 'original', db: Firestore, tenant: string, seen: string[]) {
  if (who === 'ours') {
    // A projection, like the original's handlers: one commit of the position per page.
    const counter = defineProjection({
      name: 'Seen',
      from: [Calculator],
      readModel: {},
      on: { NumbersAdded: (event) => void seen.push(event.id) },
    });
    const reader = createStreamReader({ store: ours(db).store, handlers: [counter], newId: randomUUID, pageSize: 100 });
    return async () => void (await reader.poll(tenant));
  }
  class Seen extends IEventHandler {
    override get name() {
      return 'seen';
    }
    get events() {
      return { NumbersAdded: async () => undefined };
    }
    async handle(_tenant: string, envelope: { aid: string; id: string }) {
      seen.push(`${envelope.aid}.${envelope.id}`);
    }
  }
  const reader = new OriginalReader(new OriginalStore(db));
  return async () => {
    while (await reader.poll(tenant, 'main', [new Seen()], { limit: 100 }));
  };
}

interface Outcome {
  readonly ms: number;
  readonly note?: string;
}

/** The scenarios, each a function of one contender on a fresh database. */
const scenarios: { name: string; measure: string; run: (who: Contender, db: Firestore) => Promise<Outcome> }[] = [
  {
    name: '300 sequential warm commands on one aggregate',
    measure: 'total ms',
    async run(who, db) {
      const tenant = 't1';
      if (who === 'floor')
        return {
          ms: await timed(async () => {
            for (let i = 0; i < 300; i++) await floorOp(db);
          }),
        };
      if (who === 'ours') {
        const { handler } = ours(db);
        let version = (await handler.command(actorOf(tenant), 'AddNumbers', { aggregateId: 'c', ...payload })).version;
        return {
          ms: await timed(async () => {
            for (let i = 0; i < 300; i++)
              version = (
                await handler.command(actorOf(tenant), 'AddNumbers', {
                  aggregateId: 'c',
                  ...payload,
                  expectedVersion: version,
                })
              ).version;
          }),
        };
      }
      const handler = original(db);
      let version = (await handler.command(originalActor(tenant), 'AddNumbers', { aggregateId: 'c', ...payload }))
        .aggregate._aggregate_version_;
      return {
        ms: await timed(async () => {
          for (let i = 0; i < 300; i++)
            version = (
              await handler.command(originalActor(tenant), 'AddNumbers', {
                aggregateId: 'c',
                ...payload,
                expectedVersion: version,
              })
            ).aggregate._aggregate_version_;
        }),
      };
    },
  },
  ...[10, 1000, 10_000].map((events) => ({
    name: `one command from a fresh handler, ${events.toLocaleString('en')} past events`,
    measure: 'ms',
    async run(who: Contender, db: Firestore): Promise<Outcome> {
      const tenant = 't2';
      if (who === 'floor') {
        await floorOp(db); // the channel opened, as for the others (their history writes open it)
        return { ms: await timed(() => floorOp(db)) };
      }
      await history(db, who, tenant, 'h', events);
      if (who === 'ours')
        return {
          ms: await timed(() =>
            ours(db, false).handler.command(actorOf(tenant), 'AddNumbers', { aggregateId: 'h', ...payload }),
          ),
        };
      return {
        ms: await timed(() =>
          original(db).command(originalActor(tenant), 'AddNumbers', { aggregateId: 'h', ...payload }),
        ),
      };
    },
  })),
  {
    name: '50 clients x 10 commands on 50 aggregates',
    measure: 'total ms',
    async run(who, db) {
      const tenant = 't5';
      const ourHandler = ours(db).handler;
      const theirs = original(db);
      const client = async (c: number) => {
        for (let i = 0; i < 10; i++) {
          if (who === 'floor') await floorOp(db);
          else if (who === 'ours')
            await ourHandler.command(actorOf(tenant), 'AddNumbers', { aggregateId: `a${c}`, ...payload });
          else await theirs.command(originalActor(tenant), 'AddNumbers', { aggregateId: `a${c}`, ...payload });
        }
      };
      return { ms: await timed(() => Promise.all(Array.from({ length: 50 }, (_, c) => client(c)))) };
    },
  },
  {
    name: '20 racing commands on one aggregate (no expected version)',
    measure: 'ms to settle',
    async run(who, db) {
      const tenant = 't3';
      if (who === 'floor')
        return {
          ms: await timed(async () => {
            for (let i = 0; i < 20; i++) await floorOp(db);
          }),
          note: '20 sequential',
        };
      const ourHandler = ours(db).handler;
      const theirs = original(db);
      const send = (): Promise<unknown> =>
        who === 'ours'
          ? ourHandler.command(actorOf(tenant), 'AddNumbers', { aggregateId: 'r', ...payload })
          : theirs.command(originalActor(tenant), 'AddNumbers', { aggregateId: 'r', ...payload });
      await send(); // the aggregate exists
      const start = now();
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => send()));
      const ms = now() - start;
      return { ms, note: `${results.filter((r) => r.status === 'fulfilled').length}/20 succeed` };
    },
  },
  {
    name: '1,000 events from 10 concurrent writers, read to the end',
    measure: 'ms to read',
    async run(who, db) {
      const tenant = 't4';
      if (who === 'floor') {
        // The same 1,000 events' worth of documents, read with a plain paged query.
        for (let done = 0; done < 1000; done += 400) {
          const batch = db.batch();
          for (let i = done; i < Math.min(1000, done + 400); i++)
            batch.create(db.collection('floor-log').doc(), { n: i });
          await batch.commit();
        }
        return {
          ms: await timed(async () => {
            for (let after = -1; ;) {
              const page = await db.collection('floor-log').orderBy('n').startAfter(after).limit(100).get();
              if (page.empty) break;
              after = page.docs.at(-1)!.get('n') as number;
            }
          }),
        };
      }
      const seen: string[] = [];
      const write = async (writer: number) => {
        if (who === 'ours') {
          const { handler } = ours(db);
          for (let i = 0; i < 100; i++)
            await handler.command(actorOf(tenant), 'AddNumbers', { aggregateId: `w${writer}`, ...payload });
        } else {
          const handler = original(db);
          for (let i = 0; i < 100; i++)
            await handler.command(originalActor(tenant), 'AddNumbers', { aggregateId: `w${writer}`, ...payload });
        }
      };
      await Promise.all(Array.from({ length: 10 }, (_, w) => write(w)));
      const ms = await timed(readToEnd(who, db, tenant, seen));
      const distinct = new Set(seen).size;
      return { ms, note: `${distinct}/1000 read, ${1000 - distinct} lost, ${seen.length - distinct} doubled` };
    },
  },
];

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

export async function originalBench(host: string, log: (line: string) => void): Promise<string> {
  const lines = [
    '| Scenario | Measure | Ours | Original | Floor | Ours / original | Ours / floor | Notes (last round) |',
    '|---|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const scenario of scenarios) {
    log(`original: ${scenario.name}...`);
    const samples: Record<Contender, number[]> = { ours: [], original: [], floor: [] };
    const notes: Partial<Record<Contender, string>> = {};
    for (let round = 0; round < ROUNDS; round++) {
      const order = CONTENDERS.map((_, i) => CONTENDERS[(i + round) % CONTENDERS.length]!);
      for (const who of order) {
        const { db } = freshDb(host);
        try {
          const outcome = await scenario.run(who, db);
          samples[who].push(outcome.ms);
          if (outcome.note) notes[who] = outcome.note;
        } finally {
          await db.terminate();
        }
      }
    }
    const [o, r, f] = [median(samples.ours), median(samples.original), median(samples.floor)];
    const note = (['ours', 'original'] as const)
      .filter((who) => notes[who])
      .map((who) => `${who}: ${notes[who]}`)
      .join('; ');
    lines.push(
      `| ${scenario.name} | ${scenario.measure}, median of ${ROUNDS} | ${fmt(o)} | ${fmt(r)} | ${fmt(f)} | ${(o / r).toFixed(2)}x | ${(o / f).toFixed(2)}x | ${note} |`,
    );
  }
  return lines.join('\n');
}
