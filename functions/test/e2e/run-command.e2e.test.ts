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
  it('brings the stack up with the seeded data, prints a curl that works, and stops everything it started', async () => {
    const start = spawn('bash', ['scripts/start.sh'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    // Read the output to the end: closing the pipe early would break the script's later writes.
    start.stderr.resume();
    let ready: string | undefined;
    const printed = new Promise<string | undefined>((resolve) => {
      const lines = createInterface({ input: start.stdout });
      lines.on('line', (line) => {
        ready ??= /Ready in (\d+) ms/.exec(line)?.[1];
        if (line.startsWith('curl ')) resolve(line);
      });
      lines.on('close', () => resolve(undefined));
    });
    const curl = await printed;
    try {
      expect(curl).toBeDefined();
      console.log(`the stack was ready in ${ready} ms`);
      const { stdout } = await promisify(execFile)('bash', ['-c', curl!]);
      expect(stdout).toMatch(/^HTTP\/1\.1 200/);
      expect(stdout).toMatch(/"aggregateId":"calc-1","version":4/); // the seeded calc-1 had 3 events
    } finally {
      process.kill(-start.pid!, 'SIGTERM'); // what Ctrl-C does to the script
      await once(start, 'exit');
    }
    const anyPortOpen = async () => (await listening(5001)) || (await listening(8080)) || (await listening(9099));
    for (let i = 0; i < 100 && ((await anyPortOpen()) || groupAlive(start.pid!)); i++) await sleep(200);
    expect([await listening(5001), await listening(8080), await listening(9099)]).toEqual([false, false, false]);
    expect(livingMembers(start.pid!)).toEqual([]);
  });
});
