import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { groupAlive, livingMembers } from '../support/process-group.js';

const ROOT = new URL('../../../', import.meta.url).pathname;

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe('the README run command (e2e)', () => {
  it('brings the stack up with the seeded data, prints curls that work (direct and through Hosting), and stops everything it started', async () => {
    const start = spawn('bash', ['scripts/start.sh'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    // Read the output to the end: closing the pipe early would break the script's later writes.
    start.stderr.resume();
    let ready: string | undefined;
    const curls: string[] = [];
    const printed = new Promise<void>((resolve) => {
      const lines = createInterface({ input: start.stdout });
      lines.on('line', (line) => {
        ready ??= /Ready in (\d+) ms/.exec(line)?.[1];
        if (line.startsWith('curl ') && curls.push(line) === 2) resolve();
      });
      lines.on('close', () => resolve());
    });
    await printed;
    try {
      expect(curls).toHaveLength(2);
      expect(curls[1]).toContain('http://127.0.0.1:5000/api/commands/');
      console.log(`the stack was ready in ${ready} ms`);
      // The seeded calc-1 had 3 events: the first curl makes version 4, the one through Hosting version 5.
      for (const [index, curl] of curls.entries()) {
        const { stdout } = await promisify(execFile)('bash', ['-c', curl]);
        expect(stdout).toMatch(/^HTTP\/1\.1 200/);
        expect(stdout).toMatch(new RegExp(`"aggregateId":"calc-1","version":${4 + index}`));
      }
    } finally {
      process.kill(-start.pid!, 'SIGTERM'); // what Ctrl-C does to the script
      await once(start, 'exit');
    }
    const ports = [5000, 5001, 8080, 9099];
    const open = () => Promise.all(ports.map(listening));
    for (let i = 0; i < 100 && ((await open()).some(Boolean) || groupAlive(start.pid!)); i++) await sleep(200);
    expect(await open()).toEqual(ports.map(() => false));
    expect(livingMembers(start.pid!)).toEqual([]);
  });
});
