import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url).pathname;
const FUNCTIONS = `${ROOT}functions`;
const fromRoot = createRequire(`${ROOT}scripts/firebase-tools/package.json`); // firebase-tools, installed apart

interface Delegate {
  discoverBuild(
    config: object,
    env: Record<string, string>,
  ): Promise<{ endpoints: Record<string, unknown>; params: { name: string }[] }>;
}
const { getRuntimeDelegate } = fromRoot('firebase-tools/lib/deploy/functions/runtimes/index.js') as {
  getRuntimeDelegate: (context: object) => Promise<Delegate>;
};
const { loadUserEnvs } = fromRoot('firebase-tools/lib/functions/env.js') as {
  loadUserEnvs: (options: object) => Record<string, string>;
};

/**
 * The deploy artefact, as `firebase deploy` makes and Cloud Build installs it: firebase.json's
 * predeploy (build, then isolate-package, which packs the workspace's packages beside the code
 * with a pruned lock file), copied away from the repository and installed with `npm ci
 * --omit=dev` as Cloud Build does (offline, from the npm cache the workspace's install filled).
 */
let artefact: string;
beforeAll(() => {
  execFileSync('npm', ['--prefix', FUNCTIONS, 'run', 'predeploy'], {
    env: { ...process.env, PROJECT_DIR: ROOT },
    stdio: 'pipe',
  });
  artefact = mkdtempSync(join(tmpdir(), 'artefact-'));
  cpSync(`${FUNCTIONS}/isolate`, artefact, { recursive: true });
  execFileSync('npm', ['ci', '--omit=dev', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: artefact,
    stdio: 'pipe',
  });
}, 300_000);
afterAll(() => artefact && rmSync(artefact, { recursive: true, force: true }));

/**
 * What `firebase deploy` does before it talks to Google: load the dotenv files and discover
 * the functions by loading the artefact's code (firebase-tools' own runtime delegate; with
 * FIREBASE_FUNCTIONS_DISCOVERY_OUTPUT_PATH it reports the code's error output), with a project
 * file of the test's own.
 */
async function discover(projectEnv: string) {
  const projectId = 'demo-config-check';
  const projectFile = join(artefact, `.env.${projectId}`);
  writeFileSync(projectFile, projectEnv);
  try {
    const env = loadUserEnvs({ functionsSource: artefact, projectId, projectDir: ROOT });
    const delegate = await getRuntimeDelegate({
      projectId,
      sourceDir: artefact,
      projectDir: ROOT,
      runtime: 'nodejs24',
    });
    process.env.FIREBASE_FUNCTIONS_DISCOVERY_OUTPUT_PATH = 'true';
    // firebase-tools gives the code 10 s to load, which a loaded machine can miss; its own knob, in seconds.
    process.env.FUNCTIONS_DISCOVERY_TIMEOUT = '120';
    return await delegate.discoverBuild(
      {},
      { ...env, GCLOUD_PROJECT: projectId, FIREBASE_CONFIG: JSON.stringify({ projectId }) },
    );
  } finally {
    rmSync(projectFile, { force: true });
  }
}

describe('configuration at deploy time (deploy)', () => {
  it('the committed defaults discover every function and declare every param', async () => {
    const build = await discover('');
    expect(Object.keys(build.endpoints).sort()).toEqual(['api', 'onEventCreated', 'readPending']);
    expect(build.params.map(({ name }) => name).sort()).toEqual([
      'ALLOWED_ORIGINS',
      'CHECK_REVOKED',
      'CLOUD_TRACE',
      'MAX_BODY_BYTES',
      'REGION',
      'REQUIRE_APP_CHECK',
      'UNIQUE_SECRET',
    ]);
  });

  it('the artefact holds the built code, the workspace packages it runs on and the defaults, nothing of the tests', () => {
    const manifest = JSON.parse(readFileSync(join(artefact, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    expect(manifest.dependencies['@firebase-event-store/kernel']).toMatch(/^file:/);
    expect(manifest.devDependencies).toBeUndefined();
    expect(existsSync(join(artefact, 'lib/index.js'))).toBe(true);
    expect(existsSync(join(artefact, 'node_modules/@firebase-event-store/functions/dist/index.js'))).toBe(true);
    expect(existsSync(join(artefact, 'node_modules/@firebase-event-store/testing'))).toBe(false);
    expect(readFileSync(join(artefact, '.env'), 'utf8')).toBe(readFileSync(`${FUNCTIONS}/.env`, 'utf8'));
  });

  it.each([
    ['MAX_BODY_BYTES=64k', /MAX_BODY_BYTES="64k" is not a whole number of bytes/],
    ['ALLOWED_ORIGINS=https://app.example.com/', /ALLOWED_ORIGINS=.* is not an origin/],
    ['CHECK_REVOKED=sometimes', /CHECK_REVOKED="sometimes"/],
  ])('a project file with %s stops the deploy, naming the variable', async (line, message) => {
    await expect(discover(`${line}\n`)).rejects.toThrow(message);
  });
});
