import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { groupAlive, signalGroup, treeGroups } from '@firebase-event-store/testing/emulator';
import { docBlocks, firstLine, isShell, NOT_RUN } from '../../tools/docs/doc-blocks.js';
import { RUN_BLOCKS } from '../support/doc-shell-blocks.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const PORTS = [5000, 5001, 8080, 9099];

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/**
 * Every `npm start` of this file: none may outlive it, even when a test times out before its own
 * stop (Java sits in a process group of its own, so the tree's groups are found at the end).
 */
const stacks: ChildProcess[] = [];
afterAll(() => {
  for (const start of stacks)
    if (start.exitCode === null) for (const group of treeGroups(start.pid!)) signalGroup(group, 'SIGKILL');
});

/** `npm start`'s script, until it has printed both curls: what it printed, and its process groups then. */
async function startStack(args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const start = spawn('bash', ['scripts/start.sh', ...args], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  stacks.push(start);
  // Read the output to the end: closing the pipe early would break the script's later writes.
  let output = '';
  start.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let ready: string | undefined;
  const curls: string[] = [];
  const banner: string[] = [];
  await new Promise<void>((resolve) => {
    const lines = createInterface({ input: start.stdout });
    lines.on('line', (line) => {
      output += line + '\n';
      ready ??= /Ready in (.*)\./.exec(line)?.[1];
      if (ready) banner.push(line);
      if (line.startsWith('curl ') && curls.push(line) === 2) resolve();
    });
    lines.on('close', () => resolve());
  });
  if (curls.length < 2 || banner.join('\n').includes('<npx firebase-event-store id-token')) {
    throw new Error(`npm start did not come up with its curls:\n${output.slice(-3000)}`);
  }
  return { start, ready, curls, banner, groups: treeGroups(start.pid!) };
}

/** Ctrl-C's signal to the script, then: every process of the stack's groups gone, every port closed. */
async function interruptAndCheck(start: ChildProcess, groups: number[]) {
  if (start.exitCode === null) {
    process.kill(-start.pid!, 'SIGTERM');
    await once(start, 'exit');
  }
  const open = () => Promise.all(PORTS.map(listening));
  for (let i = 0; i < 150 && ((await open()).some(Boolean) || groups.some(groupAlive)); i++) await sleep(200);
  expect(groups.filter(groupAlive)).toEqual([]);
  expect(await open()).toEqual(PORTS.map(() => false));
}

/** A command line as a user types it in the repository; its output (a failure rejects). */
async function run(command: string) {
  const { stdout } = await promisify(execFile)('bash', ['-c', command], { cwd: ROOT });
  return stdout;
}

describe('the README run command and the documentation’s shell blocks (e2e)', () => {
  it('brings the stack up with the seeded data, prints curls that work (direct and through Hosting), and stops everything it started', async () => {
    const { start, ready, curls, banner, groups } = await startStack();
    try {
      expect(curls[1]).toContain('http://127.0.0.1:5000/api/commands/');
      // The banner names the PWA, and Hosting serves it (its page, service worker and manifest).
      expect(banner.join('\n')).toContain('The PWA:         http://127.0.0.1:5000');
      const page = await fetch('http://127.0.0.1:5000/');
      expect(await page.text()).toContain('<title>Event store calculator</title>');
      for (const file of ['/sw.js', '/manifest.webmanifest'])
        expect((await fetch(`http://127.0.0.1:5000${file}`)).status).toBe(200);
      console.log(`npm start: ready in ${ready}`);
      // The seeded calc-1 had 3 events: the first curl makes version 4, the one through Hosting version 5.
      for (const [index, curl] of curls.entries()) {
        const stdout = await run(curl);
        expect(stdout).toMatch(/^HTTP\/1\.1 200/);
        expect(stdout).toMatch(new RegExp(`"aggregateId":"calc-1","version":${4 + index}`));
      }
      expect(groups.length).toBeGreaterThanOrEqual(3); // the script's, firebase-tools', and Java's own
    } finally {
      await interruptAndCheck(start, groups);
    }
  });

  it('every shell block of the README and docs/ that is not marked runs as printed on the running stack, and so do the banner’s commands', async () => {
    const { start, groups } = await startStack();
    try {
      // The banner's: an aggregate and the readers, without --emulator.
      const aggregate = JSON.parse(
        await run('npx firebase-event-store aggregate --tenant acme --type Calculator --id calc-1'),
      ) as {
        snapshot: { version: number };
      };
      expect(aggregate.snapshot.version).toBe(3);
      const lag = JSON.parse(await run('npx firebase-event-store readers lag --tenant acme')) as { handler: string }[];
      expect(lag.map(({ handler }) => handler)).toEqual(['EventCounter', 'CalculatorTotals', 'IdleReset']);
      expect(JSON.parse(await run('npx firebase-event-store readers pending'))).toEqual([]);
      expect(JSON.parse(await run('npx firebase-event-store readers dead-letters --tenant acme'))).toEqual([]);
      expect(await run('npx firebase-event-store run-schedule')).toContain('"status":200');
      await expect(run('npx firebase-event-store id-token --email nobody@acme.com')).rejects.toMatchObject({
        stderr: expect.stringMatching(/^error: No user nobody@acme.com .*\n$/),
      });

      // The shell blocks of the README and docs/ that no marker excuses (docs-checks.unit.test.ts
      // holds each of them to an entry of RUN_BLOCKS), in the order a reader meets them.
      const blocks = docBlocks().filter((block) => isShell(block) && !NOT_RUN.test(block.before));
      const ran: string[] = [];
      for (const block of blocks) {
        const expected = RUN_BLOCKS[firstLine(block)];
        expect(expected, `${block.file}:${block.line} is neither run nor marked`).toBeDefined();
        // As a user pastes it into bash: every line must succeed.
        const output = await run(`set -euo pipefail\n${block.code}`);
        expected!(output);
        ran.push(firstLine(block));
      }
      expect(ran.toSorted()).toEqual(Object.keys(RUN_BLOCKS).toSorted());
    } finally {
      await interruptAndCheck(start, groups);
    }
  });

  it('npm start -- --keep keeps what was done across a restart', async () => {
    const state = mkdtempSync(join(tmpdir(), 'emulator-state-'));
    rmSync(state, { recursive: true }); // the first --keep start finds none, and imports the seed
    try {
      const first = await startStack(['--keep'], { EMULATOR_STATE_DIR: state });
      try {
        expect(first.banner.join('\n')).toContain(`kept in ${state}/`);
        expect(await run(first.curls[0]!)).toMatch(/"version":4/);
      } finally {
        await interruptAndCheck(first.start, first.groups);
      }
      const second = await startStack(['--keep'], { EMULATOR_STATE_DIR: state });
      try {
        expect(await run(second.curls[0]!)).toMatch(/"version":5/); // the first run's command was kept
      } finally {
        await interruptAndCheck(second.start, second.groups);
      }
    } finally {
      rmSync(state, { recursive: true, force: true });
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
