import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeployment } from '@firebase-event-store/functions';
import type { Actor, CommittedEvent } from '@firebase-event-store/kernel';
import { connectEmulatorFirestore } from '@firebase-event-store/testing/emulator';
import { catalog } from '../../src/catalog.js';
import { startEmulatorSuite, type EmulatorSuite } from '../support/emulator-suite.js';

/**
 * A fault on the Emulator Suite: the functions' worker is killed (SIGKILL) while the reference
 * workflow IdleReset runs, in its triggers and in the scheduled run that fires its timers.
 * Afterwards every calculator was cleared by the workflow exactly once: a command sent before
 * the kill and sent again after it is answered from its record, and no timer is lost.
 *
 * A suite of its own, for a project whose IDLE_RESET_MINUTES (functions/.env.<project>, read by
 * the Functions emulator) makes the timers due within seconds.
 */
const ROOT = new URL('../../../', import.meta.url).pathname;
const PROJECT = `demo-wf-kill-${randomUUID().slice(0, 6)}`;
const ENV_FILE = `${ROOT}functions/.env.${PROJECT}`;
/** Where the e2e tier keeps the suites' output (git ignores it). */
const LOGS = new URL('../../.e2e-logs/', import.meta.url).pathname;
const CALCULATORS = 12;
const KILLS = 6;
let suite: EmulatorSuite | undefined;

beforeAll(async () => {
  writeFileSync(ENV_FILE, 'IDLE_RESET_MINUTES=0.02\n'); // 1.2 seconds
  mkdirSync(LOGS, { recursive: true });
  suite = await startEmulatorSuite({ project: PROJECT, logFile: `${LOGS}workflow-worker-kill.log` });
}, 300_000);
afterAll(async () => {
  await suite?.stop();
  rmSync(ENV_FILE, { force: true });
});

/** The functions emulator's workers: the suite's descendants that run the functions' runtime. */
function workers(root: number): number[] {
  const table = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 3)
    .map(([pid, ppid, ...args]) => ({ pid: Number(pid), ppid: Number(ppid), args: args.join(' ') }));
  const parent = new Map(table.map(({ pid, ppid }) => [pid, ppid]));
  const descends = (pid: number) => {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  return table
    .filter(({ pid, args }) => args.includes('functionsEmulatorRuntime') && descends(pid))
    .map(({ pid }) => pid);
}

/** SIGKILL to every worker running now: what a crashed or evicted instance looks like. */
function killWorkers(root: number): number {
  const running = workers(root);
  for (const pid of running) process.kill(pid, 'SIGKILL');
  return running.length;
}

const readPending = (functions: string) =>
  fetch(`http://${functions}/functions/projects/${PROJECT}/triggers/us-central1-readPending-0`, {
    method: 'POST',
    signal: AbortSignal.timeout(120_000),
  }).then(
    async (response) => (await response.text(), response.status),
    () => 0,
  );

describe('the functions worker killed while workflows and timers run (e2e)', () => {
  it('every calculator is cleared by IdleReset exactly once', async () => {
    const { functions, firestore, group } = suite!;
    const db = connectEmulatorFirestore(firestore, PROJECT);
    const { handler, store } = createDeployment(db, catalog, { projectId: PROJECT });
    const tenant = `t-${randomUUID().slice(0, 8)}`;
    const actor: Actor = { id: 'u1', name: 'U', tenant, roles: ['user'] };
    const ids = Array.from({ length: CALCULATORS }, (_, i) => `k${i}`);

    // Keys pressed: each event's trigger runs the workflow, which sets the calculator's timer;
    // workers are killed meanwhile, so some triggers die halfway (the schedule finishes them).
    let killed = 0;
    const pressing = Promise.all(
      ids.map((id) => handler.command(actor, 'PressDigit', { aggregateId: id, digit: '7' })),
    );
    for (let i = 0; i < KILLS / 2; i++) {
      await sleep(300);
      killed += killWorkers(group);
    }
    await pressing;
    await sleep(2_000); // every timer is due now

    // Scheduled runs, each with its worker killed partway through; then runs until nothing is left.
    for (let i = 0; i < KILLS / 2; i++) {
      const run = readPending(functions);
      await sleep(150 + 100 * i);
      killed += killWorkers(group);
      await run;
    }
    const timersLeft = async () => (await db.collectionGroup('timers').count().get()).data().count;
    for (let i = 0; i < 20 && ((await timersLeft()) > 0 || i < 2); i++) await readPending(functions);
    expect(await timersLeft()).toBe(0);

    const clears = new Map<string, number>();
    for (const id of ids) {
      const events: CommittedEvent[] = [];
      for await (const event of store.readStream({ tenant, type: 'KeystrokeCalculator', id })) events.push(event);
      clears.set(id, events.filter((event) => event.meta.actor.id === 'workflow:IdleReset').length);
    }
    console.log(`workflow worker kill: ${killed} workers killed`);
    expect(killed).toBeGreaterThan(0);
    expect(Object.fromEntries(clears)).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
  }, 600_000);
});
