import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url).pathname;
const PACKAGES = ['kernel', 'firestore', 'functions', 'testing', 'create-firebase-event-store'];
const ATTW = join(ROOT, 'node_modules/.bin/attw');

/**
 * What each package publishes, as npm would publish it: its tarball (`npm pack`, after the
 * build the test command runs first), linted by publint (every file `package.json` names is in
 * the tarball, in the format its extension and `type` say) and by Are the Types Wrong (every
 * export resolves to its types and its JavaScript, as TypeScript's node16 and bundler
 * resolutions find them).
 */
describe('the packed packages (deploy)', () => {
  let scratch: string;
  const tarballs = new Map<string, string>();

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'packed-'));
    for (const name of PACKAGES) {
      const file = execFileSync(
        'npm',
        ['pack', '--silent', '--workspace', `packages/${name}`, '--pack-destination', scratch],
        { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      )
        .trim()
        .split('\n')
        .at(-1)!;
      tarballs.set(name, join(scratch, file));
    }
  }, 120_000);

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it.each(PACKAGES)('%s: publint reports no error and no warning', async (name) => {
    const bytes = readFileSync(tarballs.get(name)!);
    const tarball = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const { messages, pkg } = await publint({ pack: { tarball }, level: 'warning', strict: true });
    expect(messages.map((message) => formatMessage(message, pkg, { color: false }))).toEqual([]);
  });

  it.each(PACKAGES)('%s: Are the Types Wrong finds every export typed, for ESM importers', (name) => {
    // --profile esm-only: the packages are ESM only ("type": "module", exports without a
    // `require` condition), as Cloud Functions on Node.js 22+ load them; a CommonJS `require`
    // (node10, node16-cjs) is not supported, so attw's CJS findings are not problems here.
    const attw = spawnSync(ATTW, [tarballs.get(name)!, '--profile', 'esm-only', '--no-color', '--no-emoji'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(attw.status, `${attw.stdout}\n${attw.stderr}`).toBe(0);
  });
});
