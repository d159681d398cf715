import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url).pathname;
const TOOLS = readdirSync(`${ROOT}functions/tools`).filter((file) => file.endsWith('.ts'));

/** A tool as scripts/lib/run-tool.sh runs it, with no emulator to reach: what it says, and its exit code. */
async function run(tool: string, args: string[]) {
  const command = [
    '--conditions=source',
    '--import',
    `${ROOT}functions/tools/lib/one-line-errors.ts`,
    `${ROOT}functions/tools/${tool}`,
    ...args,
  ];
  try {
    const { stdout, stderr } = await promisify(execFile)(`${ROOT}node_modules/.bin/tsx`, command, {
      env: { ...process.env, FIRESTORE_EMULATOR_HOST: '127.0.0.1:9', FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

describe('every operator tool refuses arguments it does not know: exit 2, the reason and its usage line, nothing done (unit)', () => {
  it.each(TOOLS)('%s: an unknown option', async (tool) => {
    const { code, stdout, stderr } = await run(tool, ['--no-such-option']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: Unknown option '--no-such-option'\nUsage: /);
    expect(stdout).toBe('');
  });

  it.each(TOOLS)('%s: an argument past the ones it takes, like a copied "[--skip]"', async (tool) => {
    const taken: Record<string, string[]> = {
      'readers.ts': ['release', 'EventCounter', '--tenant', 'acme'],
      'forget-subject.ts': ['some-subject', '--tenant', 'acme'],
    };
    const args = taken[tool] ?? [];
    const { code, stdout, stderr } = await run(tool, [...args, '[--skip]']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: unexpected argument "\[--skip\]"\nUsage: /);
    expect(stdout).toBe('');
  });

  it('readers: a handler where its command takes none, --skip without release, an unknown command', async () => {
    for (const [args, reason] of [
      [['lag', 'EventCounter', '--tenant', 'acme'], 'lag takes no handler ("EventCounter")'],
      [['rebuild', 'EventCounter', '--tenant', 'acme', '--skip'], '--skip goes with release only'],
      [['lagg', '--tenant', 'acme'], 'unknown command "lagg"'],
    ] as const) {
      const { code, stderr } = await run('readers.ts', [...args]);
      expect([code, stderr.split('\n')[0]]).toEqual([2, `error: ${reason}`]);
    }
  });
});
