import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorSuite, type EmulatorSuite } from '@firebase-event-store/testing/emulator';

const ROOT = new URL('../../../', import.meta.url).pathname;
const PACKAGES = ['kernel', 'firestore', 'functions', 'testing', 'create-firebase-event-store'];
/** Runs a command to its end; its output, or an error with everything it printed. */
function run(command: string, args: string[], cwd: string) {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: 'pipe',
      env: { ...process.env, NO_COLOR: '1' },
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ').slice(0, 200)} failed:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

/**
 * A new project, as a team makes one: the scaffold run from its packed tarball, the project
 * depending on the other packages' packed tarballs (not the workspace's links), installed with
 * `npm install` (offline, from the npm cache scripts/warm-npm-cache.sh filled), its own tests,
 * then its stack under the Emulator Suite and its README's command through the API.
 */
describe('npm create firebase-event-store (e2e)', () => {
  let scratch: string;
  let project: string;
  let suite: EmulatorSuite | undefined;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'scaffold-'));
    const tarballs = join(scratch, 'tarballs');
    mkdirSync(tarballs);
    for (const name of PACKAGES)
      run('npm', ['pack', '--silent', '--workspace', `packages/${name}`, '--pack-destination', tarballs], ROOT);
    const scaffold = readdirSync(tarballs).find((file) => file.startsWith('create-firebase-event-store-'))!;
    project = join(scratch, 'todo-app');
    run(
      'npm',
      [
        'exec',
        '--offline',
        '--yes',
        `--package=${join(tarballs, scaffold)}`,
        '--',
        'create-firebase-event-store',
        project,
        '--tarballs',
        tarballs,
      ],
      scratch,
    );
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], project);
  }, 600_000);

  afterAll(async () => {
    await suite?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('writes the project with its aggregate, projection and catalog in three files of its own', () => {
    expect(readdirSync(join(project, 'functions/src')).sort()).toEqual([
      'catalog.ts',
      'index.ts',
      'todo-list.ts',
      'todo-summary.ts',
    ]);
    expect(readFileSync(join(project, 'functions/src/index.ts'), 'utf8')).toContain('createFunctions(catalog)');
    const manifest = JSON.parse(readFileSync(join(project, 'functions/package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(manifest.dependencies['@firebase-event-store/kernel']).toMatch(/^file:.*kernel-0\.1\.0\.tgz$/);
    expect(readFileSync(join(project, '.gitignore'), 'utf8')).toContain('node_modules/');
  });

  it('passes its own given/when/then tests (npm test)', () => {
    const output = run('npm', ['test'], project);
    expect(output).toMatch(/Tests\s+\d+ passed/);
    expect(output).not.toMatch(/failed/);
  });

  it('builds rules from its catalog, starts its stack and runs its README command through the API', async () => {
    run('npm', ['run', 'build'], project);
    const rules = readFileSync(join(project, 'firestore.rules'), 'utf8');
    expect(rules).toContain('TodoList');
    expect(rules).toContain('TodoSummary');
    suite = await startEmulatorSuite({
      projectDir: project,
      project: 'demo-todo-app',
      // This repository's firebase-tools and Java, as npm start's (scripts/lib).
      prelude: `source ${ROOT}scripts/lib/node.sh && source ${ROOT}scripts/lib/emulator-env.sh`,
    });
    const readme = readFileSync(join(project, 'README.md'), 'utf8');
    const block = /## One command through the emulated API[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    const script = block
      .replaceAll('127.0.0.1:9099', suite.auth)
      .replaceAll('http://127.0.0.1:5001/demo-todo-app/us-central1/api', suite.api);
    expect(script).not.toContain('127.0.0.1:5001'); // every address was replaced
    const answer = JSON.parse(run('bash', ['-euo', 'pipefail', '-c', script], project)) as {
      aggregateType: string;
      version: number;
      state: { title: string; owner: string };
    };
    expect(answer).toMatchObject({ aggregateType: 'TodoList', version: 1, state: { title: 'Groceries' } });
    expect(answer.state.owner).not.toBe('');
  });
});
