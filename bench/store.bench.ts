/* eslint-disable max-lines -- every store scenario of RESULTS.md, interleaved in rounds in one run: the ratios only hold side by side. */
/**
 * The store's hot path against the raw floor, on the same emulator in the same run.
 * Floor: a plain firebase-admin get() then create() of a small document, the least I/O a
 * command needs when nothing is cached.
 */
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { createAggregateRegistry, createSnapshotCache, createCommandHandler } from '@firebase-event-store/kernel';
import { Calculator } from './domain/calculator.js';
import type { EventStore, CommandHandler, Actor } from '@firebase-event-store/kernel';
import { createDocumentReader, createFirestoreEventStore } from '@firebase-event-store/firestore';
import { actorOf, Counter } from '@firebase-event-store/testing';
import { median, now, percentile, timed, type Row } from './stats.js';
import { TEST_PROJECT } from '@firebase-event-store/testing/emulator';

export const registry = createAggregateRegistry([Calculator, Counter]);

export function handlerFor(
  db: Firestore,
  cached: boolean,
  store: EventStore = createFirestoreEventStore(db, { projectId: TEST_PROJECT }),
) {
  return createCommandHandler({
    store,
    registry,
    newId: randomUUID,
    ...(cached ? { cache: createSnapshotCache() } : {}),
  });
}

/** The store, adding the time its snapshot reads and commits take to `spent.ms`. */
function timedStore(store: EventStore, spent: { ms: number }): EventStore {
  const time = async <T>(work: () => Promise<T>) => {
    const start = now();
    try {
      return await work();
    } finally {
      spent.ms += now() - start;
    }
  };
  return {
    ...store,
    loadSnapshot: (stream) => time(() => store.loadSnapshot(stream)),
    commit: (commit) => time(() => store.commit(commit)),
  };
}

/** One floor operation: read a document, then create it. */
export async function floorOp(db: Firestore) {
  const ref = db.collection('floor').doc(randomUUID());
  await ref.get();
  await ref.create({ n: 1 });
}

const add = (handler: CommandHandler, actor: Actor, aggregateId: string, expectedVersion?: number) =>
  handler.command(actor, 'AddNumbers', {
    aggregateId,
    number1: 1,
    number2: 2,
    expectedVersion,
  });

/**
 * The least I/O of this design when nothing is cached, with none of the command handler's code:
 * read the snapshot (through the store's document reader), then one batch that creates the
 * event and sets the snapshot.
 */
function designFloorOp(db: Firestore) {
  const tenant = `design-${randomUUID().slice(0, 8)}`;
  const id = randomUUID(); // ids as long as ours: path length is I/O too
  const readDocument = createDocumentReader(db, { projectId: TEST_PROJECT });
  let version = 0;
  return async () => {
    const snapshot = db.doc(`tenants/${tenant}/Calculator/${id}`);
    await readDocument(snapshot, ['version', 'schema', 'state']);
    version++;
    const batch = db.batch();
    batch.create(db.doc(`tenants/${tenant}/events/Calculator~${id}~${String(version).padStart(10, '0')}`), {
      name: 'NumbersAdded',
      data: { number1: 1, number2: 2 },
      meta: { actor: { id: 'user-1', name: 'User One' }, command: 'AddNumbers', correlationId: randomUUID() },
      position: null,
    });
    batch.set(snapshot, { version, schema: 1, state: { sum: 3 * version }, updatedAt: new Date() });
    await batch.commit();
  };
}

/** One existing snapshot-like document, read the SDK's way (`get()`) or the store's (its document reader). */
async function documentReads(db: Firestore) {
  const ref = db.doc(`reads/${randomUUID()}`);
  await ref.set({ version: 1, schema: 1, state: { sum: 3 }, updatedAt: new Date() });
  const readDocument = createDocumentReader(db, { projectId: TEST_PROJECT });
  return {
    sdkGet: () => ref.get(),
    directRead: () => readDocument(ref, ['version', 'schema', 'state']),
  };
}

/**
 * Sequential commands on one aggregate, each passing the previous version, interleaved with
 * the floor (and any other operations given) in alternating order, so that none of them
 * always inherits another's after-effects. `own`: each command's time minus the time its
 * snapshot read and commit took, that is, the command handler's own work.
 */
export async function sequential(
  db: Firestore,
  cached: boolean,
  count: number,
  others: Record<string, () => Promise<unknown>> = {},
) {
  const io = { ms: 0 };
  const handler = handlerFor(db, cached, timedStore(createFirestoreEventStore(db, { projectId: TEST_PROJECT }), io));
  const actor = actorOf(`bench-${randomUUID().slice(0, 8)}`);
  const id = randomUUID();
  let version = (await add(handler, actor, id)).version;
  const ops: Record<string, () => Promise<unknown>> = {
    floor: () => floorOp(db),
    ours: async () => (version = (await add(handler, actor, id, version)).version),
    ...others,
  };
  const names = Object.keys(ops);
  const samples = Object.fromEntries([...names, 'own'].map((name) => [name, [] as number[]]));
  for (let i = 0; i < count + 20; i++) {
    for (const name of i % 2 === 0 ? names : [...names].reverse()) {
      io.ms = 0;
      const ms = await timed(ops[name]!);
      if (i < 20) continue; // the first rounds warm this aggregate up
      samples[name]!.push(ms);
      if (name === 'ours') samples.own!.push(ms - io.ms);
    }
  }
  return samples as { ours: number[]; own: number[]; floor: number[] } & Record<string, number[]>;
}

/** `clients` concurrent clients, each on its own aggregate, `each` operations apiece: operations per second. */
async function throughput(clients: number, each: number, op: (client: number, i: number) => Promise<unknown>) {
  const ms = await timed(() =>
    Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        for (let i = 0; i < each; i++) await op(client, i);
      }),
    ),
  );
  return (clients * each * 1000) / ms;
}

async function concurrentClients(db: Firestore, rounds: number) {
  const handler = handlerFor(db, true);
  const actor = actorOf(`bench-${randomUUID().slice(0, 8)}`);
  const ours: number[] = [];
  const floor: number[] = [];
  for (let round = 0; round < rounds; round++) {
    floor.push(await throughput(50, 10, () => floorOp(db)));
    const ids = Array.from({ length: 50 }, () => randomUUID());
    const versions = new Map<string, number>();
    ours.push(
      await throughput(50, 10, async (client) => {
        const id = ids[client]!;
        versions.set(id, (await add(handler, actor, id, versions.get(id))).version);
      }),
    );
  }
  return { ours: median(ours), floor: median(floor) };
}

/** The alternative DESIGN.md asks to weigh: a transaction that reads the snapshot (and so locks it). */
async function transactionalAdd(db: Firestore, tenant: string, id: string) {
  const snapshotRef = db.doc(`tenants/${tenant}/Calculator/${id}`);
  await db.runTransaction(async (tx) => {
    const snapshot = await tx.get(snapshotRef);
    const version = ((snapshot.get('version') as number | undefined) ?? 0) + 1;
    tx.create(db.doc(`tenants/${tenant}/events/Calculator~${id}~${String(version).padStart(10, '0')}`), {
      name: 'NumbersAdded',
      data: { number1: 1, number2: 2 },
      version,
    });
    tx.set(snapshotRef, {
      version,
      state: { sum: 3 * version },
      updatedAt: FieldValue.serverTimestamp(),
    });
  });
}

async function contention(db: Firestore, rounds: number) {
  const handler = handlerFor(db, true);
  const results = {
    ours: [] as number[],
    oursWon: [] as number[],
    txn: [] as number[],
    txnWon: [] as number[],
    floor: [] as number[],
  };
  for (let round = 0; round < rounds; round++) {
    const actor = actorOf(`bench-${randomUUID().slice(0, 8)}`);
    const id = randomUUID();
    await add(handler, actor, id);
    let settled: PromiseSettledResult<unknown>[] = [];
    results.ours.push(
      await timed(
        async () => (settled = await Promise.allSettled(Array.from({ length: 20 }, () => add(handler, actor, id)))),
      ),
    );
    results.oursWon.push(settled.filter((r) => r.status === 'fulfilled').length);
    const txnId = randomUUID();
    await transactionalAdd(db, actor.tenant, txnId);
    results.txn.push(
      await timed(
        async () =>
          (settled = await Promise.allSettled(
            Array.from({ length: 20 }, () => transactionalAdd(db, actor.tenant, txnId)),
          )),
      ),
    );
    results.txnWon.push(settled.filter((r) => r.status === 'fulfilled').length);
    results.floor.push(
      await timed(async () => {
        for (let i = 0; i < 20; i++) await floorOp(db);
      }),
    );
  }
  return results;
}

/** One command from a fresh process on an aggregate with `events` past events (see cold-command.ts). */
function coldCommand(host: string, tenant: string, id: string): Promise<{ command: number; floor: number }> {
  return new Promise((resolve, reject) => {
    const tsx = new URL('../node_modules/.bin/tsx', import.meta.url).pathname;
    const script = new URL('./cold-command.ts', import.meta.url).pathname;
    const child = spawn(tsx, [script, host, tenant, id], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as { command: number; floor: number })
        : reject(new Error(`cold-command exited ${code}`)),
    );
  });
}

async function coldByHistory(db: Firestore, host: string, sizes: readonly number[], runs: number) {
  const handler = handlerFor(db, true);
  const actor = actorOf(`bench-${randomUUID().slice(0, 8)}`);
  for (const size of sizes) {
    for (let done = 0; done < size; done += 400) {
      await handler.command(actor, 'IncrementMany', {
        aggregateId: `history-${size}`,
        by: 1,
        times: Math.min(400, size - done),
      });
    }
  }
  const samples = new Map(sizes.map((size) => [size, { command: [] as number[], floor: [] as number[] }]));
  for (let run = 0; run < runs; run++) {
    for (const size of sizes) {
      const sample = await coldCommand(host, actor.tenant, `history-${size}`);
      samples.get(size)!.command.push(sample.command);
      samples.get(size)!.floor.push(sample.floor);
    }
  }
  return samples;
}

/**
 * The emulator is a JVM: its first few thousand requests run interpreted and are several times
 * slower than later ones. Measuring before it is warm would compare JIT phases, not designs.
 */
export async function warmUp(db: Firestore, rounds = 1500) {
  const handler = handlerFor(db, false);
  const actor = actorOf(`warm-${randomUUID().slice(0, 8)}`);
  await Promise.all(
    Array.from({ length: 4 }, async (_, lane) => {
      for (let i = 0; i < rounds / 4; i++) {
        await floorOp(db);
        await add(handler, actor, `warm-${lane}`);
      }
    }),
  );
}

export async function storeBench(db: Firestore, host: string, log: (line: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  log('store: 300 sequential warm commands...');
  const warm = await sequential(db, true, 300);
  rows.push(
    {
      scenario: '300 sequential commands, one aggregate, previous version passed, warm',
      measure: 'p50',
      ours: median(warm.ours),
      floor: median(warm.floor),
      unit: 'ms',
      target: { max: 0.6 },
    },
    {
      scenario: '',
      measure: 'p95',
      ours: percentile(warm.ours, 0.95),
      floor: percentile(warm.floor, 0.95),
      unit: 'ms',
    },
  );
  log('store: 300 sequential cold commands...');
  const cold = await sequential(db, false, 300, { design: designFloorOp(db), ...(await documentReads(db)) });
  rows.push(
    {
      scenario: '300 sequential commands, nothing cached (cold)',
      measure: 'p50',
      ours: median(cold.ours),
      floor: median(cold.floor),
      unit: 'ms',
      target: { max: 1.1 },
    },
    {
      scenario: '',
      measure: 'p95',
      ours: percentile(cold.ours, 0.95),
      floor: percentile(cold.floor, 0.95),
      unit: 'ms',
    },
    {
      scenario: "  reading one document: the store's direct BatchGetDocuments vs the SDK's get()",
      measure: 'p50',
      ours: median(cold.directRead!),
      floor: median(cold.sdkGet!),
      unit: 'ms',
      note: 'floor column = get(); it waits for a setTimeout(0) before its request leaves',
    },
    {
      scenario: '  the same I/O with none of our code: read snapshot + one batch (event, snapshot)',
      measure: 'p50',
      ours: median(cold.design!),
      floor: median(cold.floor),
      unit: 'ms',
      note: 'the least any design that writes the snapshot with its events can do',
    },
    {
      scenario: "  of our command, the handler's own work (all but the snapshot read and the commit)",
      measure: 'p50',
      ours: median(cold.own),
      floor: median(cold.floor),
      unit: 'ms',
      note: 'validation, the fold, the size check, and the awaits between them',
    },
  );
  log('store: 50 concurrent clients x 10 commands...');
  const clients = await concurrentClients(db, 3);
  rows.push({
    scenario: '50 concurrent clients on 50 aggregates, 10 commands each (median of 3)',
    measure: 'throughput',
    ours: clients.ours,
    floor: clients.floor,
    unit: 'ops/s',
    target: { min: 1.0 },
  });
  rows.push(...(await contentionBench(db, log)));
  log('store: one command from a cold process at 10 / 1,000 / 10,000 past events...');
  const history = await coldByHistory(db, host, [10, 1000, 10_000], 9);
  const at10 = median(history.get(10)!.command);
  for (const [size, sample] of history) {
    rows.push({
      scenario: `cold process, one command, ${size.toLocaleString('en')} past events (median of 9)`,
      measure: 'command',
      ours: median(sample.command),
      floor: median(sample.floor),
      unit: 'ms',
    });
  }
  rows.push({
    scenario: 'cold process: 10,000 past events vs 10',
    measure: 'command',
    ours: median(history.get(10_000)!.command),
    floor: at10,
    unit: 'ms',
    target: { max: 1.3 },
    note: 'floor column = the 10-event command',
  });
  return rows;
}

/** 20 commands racing on one aggregate (`npm run bench -- contention` alone). */
export async function contentionBench(db: Firestore, log: (line: string) => void): Promise<Row[]> {
  log('store: 20 contending commands on one aggregate...');
  const race = await contention(db, 5);
  return [
    {
      scenario: '20 concurrent commands, one aggregate, no expected version (5 rounds)',
      measure: 'settle, median',
      ours: median(race.ours),
      floor: median(race.floor),
      unit: 'ms',
      target: { max: 2.0 },
      note: `succeeded: ${Math.min(...race.oursWon)}-${Math.max(...race.oursWon)} of 20; floor = 20 floor ops in sequence; commands of one process take turns`,
    },
    {
      scenario: '  same, as a read-lock transaction per command (alternative)',
      measure: 'settle, median',
      ours: median(race.txn),
      floor: median(race.floor),
      unit: 'ms',
      note: `succeeded: ${Math.min(...race.txnWon)}-${Math.max(...race.txnWon)} of 20`,
    },
  ];
}
