import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url).pathname;
const firebaseJson = readFileSync(`${ROOT}firebase.json`, 'utf8');
const packageJson = readFileSync(`${ROOT}functions/package.json`, 'utf8');

/** scripts/check-runtime against a firebase.json and package.json of its own, on a given day. */
async function check(options: { runtime?: string; engines?: string; today?: string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'check-runtime-'));
  const config = options.runtime ? firebaseJson.replace(/"nodejs[0-9]+"/, `"${options.runtime}"`) : firebaseJson;
  const pkg = options.engines ? packageJson.replace(/("node": )"[^"]*"/, `$1"${options.engines}"`) : packageJson;
  writeFileSync(join(dir, 'firebase.json'), config);
  writeFileSync(join(dir, 'package.json'), pkg);
  const args = ['--config', join(dir, 'firebase.json'), '--package', join(dir, 'package.json')];
  if (options.today) args.push('--today', options.today);
  try {
    const { stdout } = await promisify(execFile)('bash', [`${ROOT}scripts/check-runtime`, ...args]);
    return { code: 0, output: stdout };
  } catch (error) {
    const { code, stderr } = error as { code: number; stderr: string };
    return { code, output: stderr };
  }
}

describe('scripts/check-runtime (unit): the runtime is deployable today and everything agrees on it', () => {
  it('passes for this project as it is, and names the Node.js the tests run on', async () => {
    const { code, output } = await check();
    expect(code, output).toBe(0);
    expect(output).toContain(`running on Node.js ${process.versions.node}`);
    expect(output).toMatch(/Functions runtime nodejs24/);
    expect(process.versions.node.split('.')[0]).toBe('24'); // this very test runs on the production major
  });

  it('fails for nodejs20, with the message firebase deploy gives', async () => {
    const { code, output } = await check({ runtime: 'nodejs20', engines: '20' });
    expect(code).toBe(1);
    expect(output).toMatch(/Runtime Node.js 20 was decommissioned on 2026-10-30/);
  });

  it('fails on the day a runtime is deprecated, before deploys are refused', async () => {
    expect(await check({ today: '2028-04-29' })).toMatchObject({ code: 0 });
    const { code, output } = await check({ today: '2028-04-30' });
    expect(code).toBe(1);
    expect(output).toMatch(/Node.js 24 \(nodejs24\) was deprecated on 2028-04-30/);
  });

  it('fails when engines, firebase.json and the Node.js running disagree', async () => {
    const engines = await check({ engines: '22' });
    expect([engines.code, engines.output]).toEqual([
      1,
      expect.stringMatching(/engines.node is 22, but the runtime is nodejs24/),
    ]);
    const running = await check({ runtime: 'nodejs22', engines: '22' });
    expect([running.code, running.output]).toEqual([
      1,
      expect.stringMatching(/runs on Node.js 24\..*but the functions run on nodejs22/),
    ]);
    expect(await check({ runtime: 'nodejs99' })).toMatchObject({
      code: 1,
      output: expect.stringMatching(/not one firebase-tools/),
    });
  });
});
