import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capturingIo, EMPTY_CATALOG, testProject } from './cli-test-project.test.js';
import { COMMANDS } from './commands/index.js';
import { runCli } from './run-cli.js';

// FIRESTORE_EMULATOR_HOST and FIREBASE_AUTH_EMULATOR_HOST: a closed port, should anything get past the arguments.
const closed = { FIRESTORE_EMULATOR_HOST: '127.0.0.1:9', FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9' };
const project = testProject({
  'firebase.json': JSON.stringify({ functions: [{ source: 'functions' }] }),
  '.firebaserc': '{ "projects": { "default": "demo-cli" } }',
  'functions/lib/catalog.js': EMPTY_CATALOG,
});

async function cli(argv: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const { io, said } = capturingIo(options.cwd ?? project, { ...closed, ...options.env });
  const code = await runCli(argv, io);
  return { code, stdout: said.out.join('\n'), stderr: said.err.join('\n') };
}

describe('firebase-event-store: the command named first (unit)', () => {
  it('an unknown command, or none: exit 2 and the usage line on stderr', async () => {
    expect(await cli(['aggregat'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: unknown command "aggregat"\nUsage: firebase-event-store <command> [options]   (<command> --help for its own)',
    });
    expect(await cli([])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(/^error: no command\nUsage: /),
    });
  });

  it('--help lists every command, on stdout, exit 0', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    for (const { name } of COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it.each(COMMANDS.map(({ name }) => name))('%s --help: its own usage, exit 0', async (name) => {
    const { code, stdout } = await cli([name, '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Usage: firebase-event-store ${name}\\b`));
  });
});

describe('every command refuses arguments it does not know: exit 2, the reason and its usage line, nothing done (unit)', () => {
  it.each(COMMANDS.map(({ name }) => name))('%s: an unknown option', async (name) => {
    const { code, stdout, stderr } = await cli([name, '--no-such-option']);
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toMatch(
      new RegExp(`^error: Unknown option '--no-such-option'\\nUsage: firebase-event-store ${name}\\b`),
    );
  });

  it.each(COMMANDS.map(({ name }) => name))(
    '%s: an argument past the ones it takes, like a copied "[--skip]"',
    async (name) => {
      const taken: Record<string, string[]> = {
        readers: ['release', 'EventCounter', '--tenant', 'acme'],
        'forget-subject': ['some-subject', '--tenant', 'acme'],
        'forget-again': ['lib/catalog.js', '--tenant', 'acme'],
        rules: ['lib/catalog.js', 'firestore.rules'],
        openapi: ['lib/catalog.js', 'openapi.json'],
      };
      const { code, stdout, stderr } = await cli([name, ...(taken[name] ?? []), '[--skip]']);
      expect([code, stdout]).toEqual([2, '']);
      expect(stderr).toMatch(/^error: unexpected argument "\[--skip\]"\nUsage: /);
    },
  );

  it('readers: a handler where its command takes none, --skip without release, an unknown command', async () => {
    for (const [args, reason] of [
      [['lag', 'EventCounter', '--tenant', 'acme'], 'lag takes no handler ("EventCounter")'],
      [['rebuild', 'EventCounter', '--tenant', 'acme', '--skip'], '--skip goes with release only'],
      [['lagg', '--tenant', 'acme'], 'unknown command "lagg"'],
    ] as const) {
      const { code, stderr } = await cli(['readers', ...args]);
      expect([code, stderr.split('\n')[0]]).toEqual([2, `error: ${reason}`]);
    }
  });

  it.each([
    ['aggregate', ['--tenant', 'acme', '--type', 'Calculator']],
    ['readers', ['lag']],
    ['readers', ['release', '--tenant', 'acme']],
    ['forget-subject', ['--tenant', 'acme']],
    ['forget-subject', ['owner 1', '--tenant', 'acme']],
    ['forget-again', []],
    ['set-claims', ['--email', 'a@acme.com']],
    ['id-token', ['--create', '--email', 'a@acme.com']],
    ['rules', []],
  ])('%s %j: a required argument missing, the whole usage, exit 2, nothing written', async (name, args) => {
    const { code, stdout, stderr } = await cli([name, ...args]);
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toMatch(new RegExp(`^Usage: firebase-event-store ${name}\\b`));
  });

  it('rules without its output file writes nothing; with it, from a folder nested in the project, the default catalog', async () => {
    const nested = join(project, 'functions', 'src', 'deep');
    mkdirSync(nested, { recursive: true });
    expect(await cli(['rules', '--catalog', join(project, 'functions/lib/catalog.js')], { cwd: nested })).toMatchObject(
      {
        code: 2,
      },
    );
    expect(existsSync(join(nested, 'firestore.rules'))).toBe(false);
    expect(await cli(['rules', 'firestore.rules'], { cwd: nested })).toMatchObject({ code: 0, stderr: '' });
    expect(readFileSync(join(nested, 'firestore.rules'), 'utf8')).toContain("'Things'");
  });

  it('a catalog module given twice (first and with --catalog) is refused, nothing written', async () => {
    const { code, stderr } = await cli(['openapi', 'lib/catalog.js', 'out.json', '--catalog', 'lib/catalog.js']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: the catalog module given twice/);
    expect(existsSync(join(project, 'out.json'))).toBe(false);
  });

  it('no project anywhere (an empty GCLOUD_PROJECT is unset): exit 2, the reason, nothing done', async () => {
    const bare = testProject({ 'firebase.json': '{}' });
    const { code, stdout, stderr } = await cli(['run-schedule', '--functions', '127.0.0.1:9'], {
      cwd: bare,
      env: { GCLOUD_PROJECT: '' },
    });
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toMatch(/^error: no project: pass --project <id>, set GCLOUD_PROJECT/);
  });
});
