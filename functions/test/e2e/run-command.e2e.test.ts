import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { groupAlive, treeGroups } from '../support/process-group.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const PORTS = [5000, 5001, 8080, 9099];

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/** `npm start`'s script, until it has printed both curls; what it printed, and its process groups then. */
async function startStack() {
  const start = spawn('bash', ['scripts/start.sh'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  // Read the output to the end: closing the pipe early would break the script's later writes.
  start.stderr.resume();
  let ready: string | undefined;
  const curls: string[] = [];
  await new Promise<void>((resolve) => {
    const lines = createInterface({ input: start.stdout });
    lines.on('line', (line) => {
      ready ??= /Ready in (.*)\./.exec(line)?.[1];
      if (line.startsWith('curl ') && curls.push(line) === 2) resolve();
    });
    lines.on('close', () => resolve());
  });
  return { start, ready, curls, groups: treeGroups(start.pid!) };
}

/** Ctrl-C's signal to the script, then: every process of the stack's groups gone, every port closed. */
async function interruptAndCheck(start: ChildProcess, groups: number[]) {
  process.kill(-start.pid!, 'SIGTERM');
  await once(start, 'exit');
  const open = () => Promise.all(PORTS.map(listening));
  for (let i = 0; i < 150 && ((await open()).some(Boolean) || groups.some(groupAlive)); i++) await sleep(200);
  expect(groups.filter(groupAlive)).toEqual([]);
  expect(await open()).toEqual(PORTS.map(() => false));
}

describe('the README run command (e2e)', () => {
  it('brings the stack up with the seeded data, prints curls that work (direct and through Hosting), and stops everything it started', async () => {
    const { start, ready, curls, groups } = await startStack();
    try {
      expect(curls).toHaveLength(2);
      expect(curls[1]).toContain('http://127.0.0.1:5000/api/commands/');
      console.log(`npm start: ready in ${ready}`);
      // The seeded calc-1 had 3 events: the first curl makes version 4, the one through Hosting version 5.
      for (const [index, curl] of curls.entries()) {
        const { stdout } = await promisify(execFile)('bash', ['-c', curl]);
        expect(stdout).toMatch(/^HTTP\/1\.1 200/);
        expect(stdout).toMatch(new RegExp(`"aggregateId":"calc-1","version":${4 + index}`));
      }
      expect(groups.length).toBeGreaterThanOrEqual(3); // the script's, firebase-tools', and Java's own
    } finally {
      await interruptAndCheck(start, groups);
    }
  });

  it('when firebase-tools hangs, Ctrl-C still stops everything: SIGKILL after the grace period, Java included', async () => {
    const { start, groups } = await startStack();
    const firebase = groups.find((group) => group !== start.pid && treeGroups(group).length > 1);
    expect(firebase, 'the firebase-tools group, whose tree holds Java').toBeDefined();
    process.kill(firebase!, 'SIGSTOP'); // it can no longer answer SIGTERM, nor stop its emulators
    await interruptAndCheck(start, groups);
  });
});
