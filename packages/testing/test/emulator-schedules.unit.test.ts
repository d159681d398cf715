import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runEmulatorSchedules, type EmulatorHosts } from '../src/emulator/index.js';

/** A stand-in for the Functions emulator's trigger endpoint: records each POST, answers when told. */
async function functionsEmulator(status = 200) {
  const requests: string[] = [];
  const held: ServerResponse[] = [];
  let hold = false;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push(`${req.method} ${req.url}`);
    if (hold) held.push(res);
    else res.writeHead(status).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const suite = {
    project: 'demo-schedules',
    functions: `127.0.0.1:${(server.address() as AddressInfo).port}`,
  } as EmulatorHosts;
  return {
    suite,
    requests,
    holdAnswers: (value: boolean) => (hold = value),
    release: () => held.splice(0).forEach((res) => res.writeHead(200).end()),
    close: () => new Promise((done) => server.close(done)),
  };
}

const until = async (check: () => boolean) => {
  for (let tries = 0; !check(); tries++) {
    if (tries > 500) throw new Error('never happened');
    await new Promise((done) => setImmediate(done));
  }
};

describe('runEmulatorSchedules: the schedule the Functions emulator does not run', () => {
  afterEach(() => void vi.useRealTimers());

  it("posts to each scheduled function's trigger, now and at every interval, and stops", async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const emulator = await functionsEmulator();
    const schedules = runEmulatorSchedules(emulator.suite, { functions: ['readPending', 'nightly'], everyMs: 60_000 });
    await schedules.runNow();
    expect(emulator.requests).toEqual([
      'POST /functions/projects/demo-schedules/triggers/us-central1-readPending-0',
      'POST /functions/projects/demo-schedules/triggers/us-central1-nightly-0',
    ]);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(emulator.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => emulator.requests.length === 4);
    schedules.stop();
    await vi.advanceTimersByTimeAsync(600_000);
    await new Promise((done) => setTimeout(done, 50));
    expect(emulator.requests).toHaveLength(4);
    await emulator.close();
  });

  it('never overlaps two runs of one function: a slow run makes the next tick wait', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const emulator = await functionsEmulator();
    emulator.holdAnswers(true);
    const schedules = runEmulatorSchedules(emulator.suite, { everyMs: 1_000 });
    const first = schedules.runNow();
    await until(() => emulator.requests.length === 1);
    await vi.advanceTimersByTimeAsync(5_000);
    await new Promise((done) => setTimeout(done, 50));
    expect(emulator.requests).toHaveLength(1);
    emulator.holdAnswers(false);
    emulator.release();
    await first;
    await vi.advanceTimersByTimeAsync(1_000);
    await until(() => emulator.requests.length === 2);
    schedules.stop();
    await emulator.close();
  });

  it('tells onError of a run the emulator refuses, and goes on', async () => {
    const emulator = await functionsEmulator(500);
    const errors: string[] = [];
    const schedules = runEmulatorSchedules(emulator.suite, {
      onError: (name, error) => errors.push(`${name}: ${(error as Error).message}`),
    });
    await schedules.runNow();
    await schedules.runNow();
    schedules.stop();
    expect(errors).toEqual(['readPending: readPending answered 500', 'readPending: readPending answered 500']);
    await emulator.close();
  });

  it('refuses a suite without the Functions emulator', () => {
    expect(() => runEmulatorSchedules({ project: 'demo-x' } as EmulatorHosts)).toThrow(/Functions emulator/);
  });
});
