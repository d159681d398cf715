import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { javaMajor, killTree, stopTree } from '@firebase-event-store/testing/emulator';

const ROOT = new URL('../../../', import.meta.url).pathname;
const PACKAGES = ['kernel', 'firestore', 'functions', 'testing', 'create-firebase-event-store'];

/**
 * The machine a new user may have: CI=true, and a Java older than 21 first on PATH (when one is
 * installed), no JAVA_HOME: firebase-tools 15 refuses it, so `npm start` must find a newer JDK
 * itself. Nothing global is needed: firebase-tools is the project's devDependency.
 */
const oldJava = ['/usr/lib/jvm/java-17-openjdk-amd64/bin', '/usr/lib/jvm/java-17-openjdk/bin'].find(
  (bin) => existsSync(join(bin, 'java')) && (javaMajor(join(bin, 'java')) ?? 99) < 21,
);
const ENV: NodeJS.ProcessEnv = {
  ...process.env,
  CI: 'true',
  NO_COLOR: '1',
  METADATA_SERVER_DETECTION: 'none',
  PATH: [oldJava, process.env.PATH].filter(Boolean).join(delimiter),
};
for (const name of ['JAVA_HOME', 'FIRESTORE_EMULATOR_HOST', 'FIREBASE_AUTH_EMULATOR_HOST']) delete ENV[name];

/** Runs a command to its end; its output, or an error with everything it printed. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = ENV) {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe', env });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ').slice(0, 200)} failed:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

/** The claims inside an ID token (its payload; the API checks the rest). */
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

/** The rule a team writes in functions/src/new-user-claims.ts: one tenant per e-mail domain, as an editor. */
const CLAIMS_RULE = `import type { NewUserClaimsRule } from '@firebase-event-store/functions';

export const newUserClaims: NewUserClaimsRule | undefined = (user) => ({
  tenant: (user.email ?? '').split('@')[1]!.replaceAll('.', '-'),
  roles: ['editor', 'reader'],
});
`;

/**
 * A new project, as a team makes one: the scaffold run from its packed tarball, the project
 * depending on the other packages' packed tarballs (not the workspace's links), installed with
 * `npm install` (offline, from the npm cache scripts/warm-npm-cache.sh filled), its own tests,
 * then its `npm start` on free ports and its README's command through the API.
 */
describe('npm create firebase-event-store (e2e)', () => {
  let scratch: string;
  let project: string;
  let start: { group: number; output: () => string; exited: () => boolean } | undefined;
  /** What `npm start` printed for the README's commands: AUTH, API, FIRESTORE_EMULATOR_HOST... */
  let exported: Record<string, string> = {};
  let listId = '';

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
  }, 900_000);

  afterAll(async () => {
    if (start) {
      await stopTree(start.group, 20_000);
      killTree(start.group);
    }
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }, 60_000);

  it('writes the project with its aggregate, projection, workflow and catalog in files of their own', () => {
    expect(readdirSync(join(project, 'functions/src')).sort()).toEqual([
      'catalog.ts',
      'index.ts',
      'list-deadline.ts',
      'new-user-claims.ts',
      'todo-list.ts',
      'todo-summary.ts',
    ]);
    expect(readFileSync(join(project, 'functions/src/index.ts'), 'utf8')).toContain('createFunctions(catalog)');
    const manifest = JSON.parse(readFileSync(join(project, 'functions/package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(manifest.dependencies['@firebase-event-store/kernel']).toMatch(/^file:.*kernel-0\.1\.0\.tgz$/);
    expect(readFileSync(join(project, '.gitignore'), 'utf8')).toContain('node_modules/');
    // firebase-tools is the project's own: no global CLI.
    expect(existsSync(join(project, 'node_modules/firebase-tools/package.json'))).toBe(true);
  });

  it('passes its own given/when/then tests (npm test)', () => {
    const output = run('npm', ['test'], project);
    expect(output).toMatch(/Tests\s+\d+ passed/);
    expect(output).not.toMatch(/failed/);
  });

  it("starts with npm start on free ports, offline, with Java 17 first on PATH, and answers its README's command", async () => {
    // The opt-in blocking function, with the team's rule (the next test checks what it gives).
    writeFileSync(join(project, 'functions/src/new-user-claims.ts'), CLAIMS_RULE);
    const child = spawn('npm', ['start', '--', '--free-ports'], {
      cwd: project,
      env: ENV,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let exited = false;
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', () => (exited = true));
    start = { group: child.pid!, output: () => output, exited: () => exited };
    for (const deadline = Date.now() + 420_000; !/^export AUTH=/m.test(output); await sleep(500)) {
      if (exited) throw new Error(`npm start exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`npm start was not ready in 7 minutes:\n${output}`);
    }
    exported = Object.fromEntries(
      /^export (.*)$/m
        .exec(output)![1]!
        .split(' ')
        .map((pair) => pair.split('=', 2) as [string, string]),
    );
    // Free ports, not firebase.json's.
    expect(exported.AUTH).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(exported.AUTH).not.toBe('http://127.0.0.1:9099');
    expect(exported.API).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/demo-todo-app\/us-central1\/api$/);
    expect(exported.API).not.toContain(':5001/');

    const readme = readFileSync(join(project, 'README.md'), 'utf8');
    const block = /## One command through the emulated API[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(block).not.toMatch(/127\.0\.0\.1:\d+/); // the README names no port: npm start's line does
    const answer = JSON.parse(
      run('bash', ['-euo', 'pipefail', '-c', block], project, { ...ENV, AUTH: exported.AUTH, API: exported.API }),
    ) as { aggregateId: string; aggregateType: string; version: number; state: { title: string; owner: string } };
    expect(answer).toMatchObject({ aggregateType: 'TodoList', version: 1, state: { title: 'Groceries' } });
    expect(answer.state.owner).not.toBe('');
    listId = answer.aggregateId;
  }, 600_000);

  it("gives a new user the tenant and roles of the project's rule (the opt-in blocking function, on the Auth emulator)", async () => {
    expect(exported.AUTH, 'npm start did not come up').toBeDefined();
    const signUp = await fetch(`${exported.AUTH}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=any`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'grace@example.org', password: 'secret1', returnSecureToken: true }),
    });
    const body = (await signUp.json()) as { idToken?: string };
    expect(signUp.status, JSON.stringify(body)).toBe(200);
    expect(claimsOf(body.idToken!)).toMatchObject({ tenant: 'example-org', roles: ['editor', 'reader'] });
    // The user's claims let it run a command in its tenant, with no accounts:update.
    const command = await fetch(`${exported.API}/commands/OpenList`, {
      method: 'POST',
      headers: { authorization: `Bearer ${body.idToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Ruled' }),
    });
    expect(command.status, await command.clone().text()).toBe(200);
  }, 120_000);

  it("reads the stack with the operator CLI: the readers' lag and an aggregate", () => {
    expect(listId, "the README's command did not run").not.toBe('');
    const env = {
      ...ENV,
      FIRESTORE_EMULATOR_HOST: exported.FIRESTORE_EMULATOR_HOST,
      GCLOUD_PROJECT: 'demo-todo-app',
    };
    const lag = run(
      'npx',
      ['firebase-event-store', 'readers', 'lag', '--tenant', 't1'],
      join(project, 'functions'),
      env,
    );
    expect(lag).toContain('TodoSummary');
    const aggregate = run(
      'npx',
      ['firebase-event-store', 'aggregate', '--tenant', 't1', '--type', 'TodoList', '--id', listId],
      join(project, 'functions'),
      env,
    );
    expect(aggregate).toContain('Groceries');
  }, 120_000);
});
