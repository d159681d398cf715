import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { connectEmulatorFirestore, groupAlive, signalGroup, treeGroups } from '@firebase-event-store/testing/emulator';

/**
 * attack F5 (docs/security.md): stopping the local stack (`npm start -- --keep`, Ctrl-C) while clients are
 * sending never acknowledges a command that the restarted stack does not have, and the events
 * whose triggers the stop cut off are sequenced when it starts again.
 */
const ROOT = new URL('../../../', import.meta.url).pathname;
const PORTS = [5000, 5001, 8080, 9099];
const API = 'http://127.0.0.1:5001/demo-event-store/us-central1/api';
const CLIENTS = 8;
/** Acknowledged commands before Ctrl-C: enough that the stop lands in the middle of the load. */
const BEFORE_STOP = 60;

/**
 * Every `npm start` of this file, and the process groups it ran in: none may outlive the file,
 * whatever failed (a test that times out while its stack starts included).
 */
const stacks: ChildProcess[] = [];
const started: number[][] = [];
afterAll(() => {
  for (const start of stacks) if (start.exitCode === null) started.push(treeGroups(start.pid!));
  for (const group of started.flat()) if (groupAlive(group)) signalGroup(group, 'SIGKILL');
});

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/** `npm start -- --keep` into `state`, until it has printed its curls; ada's token from them. */
async function startKeeping(state: string) {
  const start = spawn('bash', ['scripts/start.sh', '--keep'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, EMULATOR_STATE_DIR: state },
  });
  stacks.push(start);
  let output = '';
  start.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const curls: string[] = [];
  await new Promise<void>((resolve) => {
    const lines = createInterface({ input: start.stdout });
    lines.on('line', (line) => {
      output += line + '\n';
      if (line.startsWith('curl ') && curls.push(line) === 2) resolve();
    });
    lines.on('close', () => resolve());
  });
  const groups = treeGroups(start.pid!);
  started.push(groups);
  const token = /Bearer ([\w.-]+)'/.exec(curls[0] ?? '')?.[1];
  if (!token) throw new Error(`npm start did not come up with its curls:\n${output.slice(-3000)}`);
  return { start, token, groups, output: () => output };
}

/** Ctrl-C's signal to the script; then every process of the stack gone and every port closed. */
async function interrupt(start: ChildProcess, groups: number[]) {
  if (start.exitCode === null) {
    const exited = once(start, 'exit');
    process.kill(-start.pid!, 'SIGTERM');
    await exited;
  }
  const open = () => Promise.all(PORTS.map(listening));
  for (let i = 0; i < 150 && ((await open()).some(Boolean) || groups.some(groupAlive)); i++) await sleep(200);
  expect(groups.filter(groupAlive)).toEqual([]);
  expect(await open()).toEqual(PORTS.map(() => false));
}

interface Load {
  /** The highest version the API acknowledged (200) for each calculator. */
  readonly acknowledged: Map<string, number>;
  ackedAfterStop: number;
  total: number;
}

/**
 * One client: commands on its own calculator, one after another, each with its own key, until
 * the stack stops answering after the stop began. Before that, a refusal is just sent again.
 */
async function client(load: Load, id: string, token: string, stopping: () => boolean) {
  for (;;) {
    let status = 0;
    let version = 0;
    try {
      const response = await fetch(`${API}/commands/AddNumbers`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': randomUUID(),
        },
        body: JSON.stringify({ aggregateId: id, number1: 1, number2: 1 }),
        signal: AbortSignal.timeout(60_000),
      });
      status = response.status;
      if (status === 200) version = ((await response.json()) as { version: number }).version;
      else await response.body?.cancel();
    } catch {
      status = 0; // refused, reset or timed out: not acknowledged
    }
    if (status === 200) {
      load.acknowledged.set(id, Math.max(version, load.acknowledged.get(id) ?? 0));
      load.total++;
      if (stopping()) load.ackedAfterStop++;
    } else if (stopping()) {
      return;
    } else {
      await sleep(50);
    }
  }
}

describe('npm start -- --keep, stopped during a load (e2e)', () => {
  it('every command acknowledged before or during the stop is there after the restart, and nothing is left unsequenced', async () => {
    const state = mkdtempSync(join(tmpdir(), 'emulator-state-'));
    rmSync(state, { recursive: true }); // the first --keep start imports the seed
    const run = randomUUID().slice(0, 8);
    const load: Load = { acknowledged: new Map(), ackedAfterStop: 0, total: 0 };
    try {
      const first = await startKeeping(state);
      let stopping = false;
      let clients: Promise<void>[] = [];
      try {
        clients = Array.from({ length: CLIENTS }, (_, c) =>
          client(load, `load-${run}-${c}`, first.token, () => stopping),
        );
        for (let waited = 0; load.total < BEFORE_STOP && waited < 300_000; waited += 50) await sleep(50);
        expect(load.total).toBeGreaterThanOrEqual(BEFORE_STOP);
        stopping = true; // Ctrl-C, with every client still sending
      } finally {
        stopping = true;
        await interrupt(first.start, first.groups);
        await Promise.all(clients);
      }
      console.log(
        `stop during load: ${load.total} acknowledged, ${load.ackedAfterStop} of them after Ctrl-C, over ${load.acknowledged.size} calculators`,
      );

      const second = await startKeeping(state);
      try {
        const db = connectEmulatorFirestore('127.0.0.1:8080');
        const missing: string[] = [];
        for (const [id, version] of load.acknowledged) {
          const events = await db
            .collection('tenants/acme/events')
            .where('__name__', '>=', db.doc(`tenants/acme/events/Calculator~${id}~`))
            .where('__name__', '<', db.doc(`tenants/acme/events/Calculator~${id}~~`))
            .select()
            .get();
          const snapshot = (await db.doc(`tenants/acme/Calculator/${id}`).get()).get('version') as number | undefined;
          if (events.size < version || (snapshot ?? 0) < version) {
            missing.push(`${id}: acknowledged ${version}, kept ${events.size} events, snapshot at ${snapshot}`);
          }
        }
        expect(missing).toEqual([]);
        // The stop cut triggers off; the restart sequenced what they left, before it said it was ready.
        const unsequenced = await db.collection('tenants/acme/events').where('position', '==', null).count().get();
        expect(unsequenced.data().count).toBe(0);
      } finally {
        await interrupt(second.start, second.groups);
      }
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  }, 600_000); // two starts of the stack and a stop, on a loaded machine
});
