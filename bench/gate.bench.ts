/**
 * `npm run bench -- gate`: the quick subset of the benchmarks CI runs after the tests, each
 * figure a ratio to its floor in the same run, checked against bench/gate-thresholds.ts. A
 * timed figure over its threshold is measured once more and the better of the two kept: a
 * regression is there both times, a burst of load from another process seldom is.
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import type { Firestore } from 'firebase-admin/firestore';
import { countFirestoreOperations, createFirestoreEventStore } from '@firebase-event-store/firestore';
import { connectEmulatorFirestore } from '@firebase-event-store/testing/emulator';
import { carried, costHandler } from './cost.bench.js';
import { GATE_THRESHOLDS, type Threshold } from './gate-thresholds.js';
import { derivedRatio, httpAdded, type HttpAdded } from './http-added.js';
import { median, percentile } from './stats.js';
import { sequential } from './store.bench.js';

export interface GateFigure {
  readonly name: keyof typeof GATE_THRESHOLDS;
  readonly scenario: string;
  /** Every measurement's ours and floor; the last one is the one judged. */
  readonly tries: readonly { ours: number; floor: number }[];
  readonly unit: string;
  readonly threshold: Threshold;
}

const ratio = ({ ours, floor }: { ours: number; floor: number }) => ours / floor;
export const passed = (figure: GateFigure) => ratio(figure.tries.at(-1)!) <= figure.threshold.max;

/** Measures `measure`, and once more when over the threshold, keeping the better try last. */
async function judged(
  name: keyof typeof GATE_THRESHOLDS,
  scenario: string,
  unit: string,
  measure: () => Promise<{ ours: number; floor: number }>,
  retry = true,
): Promise<GateFigure> {
  const threshold = GATE_THRESHOLDS[name];
  const tries = [await measure()];
  if (retry && ratio(tries[0]!) > threshold.max) {
    tries.push(await measure());
    tries.sort((a, b) => ratio(b) - ratio(a));
  }
  return { name, scenario, tries, unit, threshold };
}

export async function gateBench(db: Firestore, host: string, log: (line: string) => void) {
  const figures: GateFigure[] = [];
  const p50 = (samples: { ours: number[]; floor: number[] }) => ({
    ours: median(samples.ours),
    floor: median(samples.floor),
  });
  log('gate: 300 sequential warm commands, interleaved with the floor (a get, then a create)...');
  figures.push(
    await judged('warm', 'warm command p50 vs a get() then create()', 'ms', async () =>
      p50(await sequential(db, true, 300)),
    ),
  );
  log('gate: 300 sequential cold commands, interleaved with the floor...');
  figures.push(
    await judged('cold', 'cold command p50 vs a get() then create()', 'ms', async () =>
      p50(await sequential(db, false, 300)),
    ),
  );
  log('gate: 200 warm commands over HTTP, per request, with a bare node:http exchange...');
  const derived: string[] = [];
  figures.push(
    await judged('httpAdded', 'HTTP added p50 (per request) vs a bare node:http exchange', 'ms', async () => {
      const samples = await httpAdded(db, 200);
      derived.push(describe(samples));
      return { ours: median(samples.added), floor: median(samples.bare) };
    }),
  );
  log('gate: one event to two projections, counted, and its floor...');
  // A project of its own: the counts see only this tenant.
  const project = `demo-gate-${randomUUID().slice(0, 6)}`;
  const costDb = connectEmulatorFirestore(host, project);
  const store = createFirestoreEventStore(costDb, { projectId: project });
  const counter = countFirestoreOperations();
  let counts: Awaited<ReturnType<typeof carried>>;
  try {
    counts = await carried(costDb, store, costHandler(store), counter, 2, 1);
  } finally {
    counter.stop();
    await costDb.terminate();
  }
  const { ours, least } = counts;
  // Counts do not depend on the machine: measured once.
  figures.push(
    await judged(
      'loneReads',
      'one event to two projections: reads vs the floor',
      'reads',
      async () => ({
        ours: ours.reads,
        floor: least.reads,
      }),
      false,
    ),
    await judged(
      'loneWrites',
      'one event to two projections: writes vs the floor',
      'writes',
      async () => ({
        ours: ours.writes,
        floor: least.writes,
      }),
      false,
    ),
  );
  return { figures, derived };
}

/** The per-request spread, and http.bench.ts's estimator on the same samples with its parts. */
function describe(s: HttpAdded) {
  const q = (samples: number[]) => [0.25, 0.5, 0.75].map((p) => percentile(samples, p).toFixed(3)).join('/');
  return (
    `per request, p25/p50/p75: added ${q(s.added)} ms, bare ${q(s.bare)} ms; ` +
    `http.bench.ts's estimator ${derivedRatio(s).toFixed(2)}x = (${median(s.http).toFixed(3)} - ${median(s.store).toFixed(3)}) / ` +
    `(${median(s.storeThenBare).toFixed(3)} - ${median(s.store).toFixed(3)}) ms`
  );
}

const fmt = (n: number) => (n >= 10 ? n.toFixed(1) : n.toFixed(3));

/** The gate's table: every try of every figure, its threshold and whether it passed. */
export function gateTable(figures: readonly GateFigure[]): string {
  const lines = ['| Gate | Ours | Floor (same run) | Ratio | Threshold | Passed |', '|---|---:|---:|---:|---:|---|'];
  for (const figure of figures) {
    figure.tries.forEach((one, i) => {
      const last = i === figure.tries.length - 1;
      lines.push(
        `| ${figure.scenario}${figure.tries.length > 1 ? ` (try ${i + 1})` : ''} | ${fmt(one.ours)} ${figure.unit} | ` +
          `${fmt(one.floor)} ${figure.unit} | ${ratio(one).toFixed(2)}x | <= ${Number(figure.threshold.max.toFixed(3))}x | ` +
          `${last ? (passed(figure) ? 'yes' : '**no**') : ''} |`,
      );
    });
  }
  return lines.join('\n');
}

/** Runs the gate and prints its table; whether every figure passed. */
export async function gate(db: Firestore, host: string, log: (line: string) => void): Promise<boolean> {
  const started = Date.now();
  const { figures, derived } = await gateBench(db, host, log);
  const failed = figures.filter((figure) => !passed(figure));
  const load = loadavg().map((n) => n.toFixed(2));
  console.log(`\nThe CI gate, ${new Date().toISOString()}, ${cpus().length} cores, load average ${load.join(' ')}\n`);
  console.log(gateTable(figures));
  for (const line of derived) console.log(`\nHTTP: ${line}`);
  const verdict = failed.length === 0 ? 'passed' : `FAILED: ${failed.map((figure) => figure.name).join(', ')}`;
  console.log(`Gate measured in ${((Date.now() - started) / 1000).toFixed(0)} s: ${verdict}`);
  return failed.length === 0;
}
