/**
 * The local stack under load: many concurrent clients sending commands through the Functions
 * emulator's API, with the onCreate triggers alone keeping the projections current (nobody polls
 * the reader or runs the schedule). It measures what a team load-testing on its own machine
 * sees: whether every request is answered, how fast, how long until every event is positioned
 * and projected, and how many processes and how much memory the suite grows to.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectEmulatorAuth, connectEmulatorFirestore, treeGroups } from '@firebase-event-store/testing/emulator';
import { startSuite } from './emulator-suite.js';
import { median, percentile, type Row } from './stats.js';

export interface LoadOptions {
  readonly clients: number;
  readonly commandsPerClient: number;
  readonly tenants: number;
  /** FUNCTIONS_EMULATOR_PARALLEL for this run; default: the scripts' own (lib/emulator-env.sh). 50 is firebase-tools' own. */
  readonly parallel?: number;
}

export interface LoadResult {
  readonly parallel: string;
  readonly attempted: number;
  readonly answered: number;
  readonly statuses: Record<string, number>;
  readonly seconds: number;
  readonly latencies: readonly number[];
  /** From the last answer until every event of every tenant is positioned and counted by both projections. */
  readonly projectedAfterSeconds: number | undefined;
  readonly peakProcesses: number;
  readonly peakRssMiB: number;
  readonly failedLoads: number;
}

/** Processes and resident memory of the suite's whole tree, Java and the functions' workers included. */
function treeUsage(group: number) {
  const groups = new Set(treeGroups(group));
  const rows = execFileSync('ps', ['-A', '-o', 'pgid=,rss=,stat='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([pgid, , stat]) => groups.has(Number(pgid)) && !stat?.startsWith('Z'));
  return { processes: rows.length, rssMiB: rows.reduce((sum, [, rss]) => sum + Number(rss), 0) / 1024 };
}

export async function emulatorLoad(options: LoadOptions, log: (line: string) => void): Promise<LoadResult> {
  const previous = process.env.FUNCTIONS_EMULATOR_PARALLEL;
  if (options.parallel !== undefined) process.env.FUNCTIONS_EMULATOR_PARALLEL = String(options.parallel);
  const suite = await startSuite();
  if (previous === undefined) delete process.env.FUNCTIONS_EMULATOR_PARALLEL;
  else process.env.FUNCTIONS_EMULATOR_PARALLEL = previous;
  // The bound the suite ran with: this run's, or the one lib/emulator-env.sh chose.
  const parallel = /FUNCTIONS_EMULATOR_PARALLEL=(\d+)/.exec(suite.output())?.[1] ?? '?';
  try {
    const auth = connectEmulatorAuth(suite.auth, suite.project);
    const tenants = Array.from({ length: options.tenants }, () => `load-${randomUUID().slice(0, 6)}`);
    const tokens = new Map<string, string>();
    for (const tenant of tenants) {
      const email = `${tenant}@load.test`;
      const { uid } = await auth.signUp(email, 'load-password');
      await auth.admin.setCustomUserClaims(uid, { tenant, roles: ['user'] });
      tokens.set(tenant, (await auth.signIn(email, 'load-password')).idToken);
    }

    let peak = treeUsage(suite.group);
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const usage = treeUsage(suite.group);
        peak = { processes: Math.max(peak.processes, usage.processes), rssMiB: Math.max(peak.rssMiB, usage.rssMiB) };
        await sleep(500);
      }
    })();

    log(
      `load: ${options.clients} clients x ${options.commandsPerClient} commands (FUNCTIONS_EMULATOR_PARALLEL=${parallel})...`,
    );
    const statuses: Record<string, number> = {};
    const latencies: number[] = [];
    const committed = new Map(tenants.map((tenant) => [tenant, 0]));
    const started = performance.now();
    await Promise.all(
      Array.from({ length: options.clients }, async (_, client) => {
        const tenant = tenants[client % tenants.length]!;
        for (let i = 0; i < options.commandsPerClient; i++) {
          const sent = performance.now();
          let status: string;
          try {
            const response = await fetch(`${suite.api}/commands/AddNumbers`, {
              method: 'POST',
              headers: { Authorization: `Bearer ${tokens.get(tenant)}`, 'Content-Type': 'application/json' },
              body: JSON.stringify({ aggregateId: `calc-${client}`, number1: 1, number2: 1 }),
              signal: AbortSignal.timeout(60_000),
            });
            await response.arrayBuffer();
            status = String(response.status);
            if (response.status === 200) committed.set(tenant, committed.get(tenant)! + 1);
          } catch {
            status = 'no answer in 60 s';
          }
          statuses[status] = (statuses[status] ?? 0) + 1;
          latencies.push(performance.now() - sent);
        }
      }),
    );
    const answeredAt = performance.now();
    const seconds = (answeredAt - started) / 1000;
    log(
      `load: answered in ${seconds.toFixed(1)} s: ${JSON.stringify(statuses)}; waiting for the triggers to project...`,
    );

    const db = connectEmulatorFirestore(suite.firestore, suite.project);
    const projected = async (tenant: string) => {
      const [counter, totals, unpositioned] = await Promise.all([
        db.doc(`tenants/${tenant}/EventCounter/all`).get(),
        db.collection(`tenants/${tenant}/CalculatorTotals`).get(),
        db.collection(`tenants/${tenant}/events`).where('position', '==', null).select().limit(1).get(),
      ]);
      const operations = totals.docs.reduce((sum, doc) => sum + ((doc.get('operations') as number) ?? 0), 0);
      return (
        unpositioned.empty &&
        counter.get('eventCount') === committed.get(tenant) &&
        operations === committed.get(tenant)
      );
    };
    let projectedAfterSeconds: number | undefined;
    for (const deadline = answeredAt + 300_000; performance.now() < deadline; await sleep(250)) {
      if ((await Promise.all(tenants.map(projected))).every(Boolean)) {
        projectedAfterSeconds = (performance.now() - answeredAt) / 1000;
        break;
      }
    }
    sampling = false;
    await sampler;
    await db.terminate();
    const failedLoads = suite.output().split('Failed to load function').length - 1;
    log(
      `load: projected after ${projectedAfterSeconds?.toFixed(1) ?? 'more than 300'} s; peak ${peak.processes} processes, ${peak.rssMiB.toFixed(0)} MiB`,
    );
    return {
      parallel,
      attempted: options.clients * options.commandsPerClient,
      answered: latencies.length - (statuses['no answer in 60 s'] ?? 0),
      statuses,
      seconds,
      latencies,
      projectedAfterSeconds,
      peakProcesses: peak.processes,
      peakRssMiB: peak.rssMiB,
      failedLoads,
    };
  } finally {
    await suite.stop();
  }
}

/** `npm run bench -- load`: 2,000 commands from 50 clients through the Emulator Suite. */
export async function emulatorLoadBench(log: (line: string) => void): Promise<Row[]> {
  const result = await emulatorLoad({ clients: 50, commandsPerClient: 40, tenants: 5 }, log);
  const ok = result.statuses['200'] ?? 0;
  const scenario = `2,000 commands from 50 clients through the Emulator Suite (FUNCTIONS_EMULATOR_PARALLEL=${result.parallel})`;
  return [
    {
      scenario,
      measure: 'answered',
      ours: result.answered,
      floor: result.attempted,
      target: { min: 1 },
      unit: 'requests',
      note: JSON.stringify(result.statuses),
    },
    { scenario: '', measure: 'throughput', ours: ok / result.seconds, floor: ok / result.seconds, unit: 'cmd/s' },
    { scenario: '', measure: 'p50', ours: median(result.latencies), floor: median(result.latencies), unit: 'ms' },
    {
      scenario: '',
      measure: 'p95',
      ours: percentile(result.latencies, 0.95),
      floor: percentile(result.latencies, 0.95),
      unit: 'ms',
    },
    {
      scenario: '',
      measure: 'projected after',
      ours: (result.projectedAfterSeconds ?? Infinity) * 1000,
      floor: (result.projectedAfterSeconds ?? Infinity) * 1000,
      unit: 'ms',
      note: 'from the last answer until every event is positioned and counted by both projections, by the triggers alone',
    },
    {
      scenario: '',
      measure: 'peak processes',
      ours: result.peakProcesses,
      floor: result.peakProcesses,
      unit: '',
      note: `peak RSS ${result.peakRssMiB.toFixed(0)} MiB; "Failed to load function": ${result.failedLoads}`,
    },
  ];
}

/**
 * `npm run bench -- load-sweep [bounds...]`: 500 commands from 50 clients at each bound of the
 * worker pool (default 1 2 3 4 8 16; `50` is firebase-tools' own, unbounded on this machine),
 * one suite each: what FUNCTIONS_EMULATOR_PARALLEL fits the machine.
 */
export async function emulatorLoadSweep(log: (line: string) => void, bounds: readonly number[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const parallel of bounds.length > 0 ? bounds : [1, 2, 3, 4, 8, 16]) {
    const result = await emulatorLoad({ clients: 50, commandsPerClient: 10, tenants: 5, parallel }, log);
    const ok = result.statuses['200'] ?? 0;
    rows.push({
      scenario: `500 commands from 50 clients, FUNCTIONS_EMULATOR_PARALLEL=${parallel}`,
      measure: 'throughput',
      ours: ok / result.seconds,
      floor: ok / result.seconds,
      unit: 'cmd/s',
      note:
        `${JSON.stringify(result.statuses)}; p95 ${percentile(result.latencies, 0.95).toFixed(0)} ms; ` +
        `peak ${result.peakProcesses} processes, ${result.peakRssMiB.toFixed(0)} MiB; failed loads ${result.failedLoads}`,
    });
  }
  return rows;
}
