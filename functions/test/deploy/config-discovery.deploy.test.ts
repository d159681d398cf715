import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

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
 * What `firebase deploy` does before it talks to Google: load the dotenv files and discover
 * the functions by loading the built code (firebase-tools' own runtime delegate; with
 * FIREBASE_FUNCTIONS_DISCOVERY_OUTPUT_PATH it reports the code's error output). The functions
 * source is the real one (lib/, package.json, .env), beside a project file of the test's own.
 */
async function discover(projectEnv: string) {
  if (!existsSync(`${FUNCTIONS}/lib/index.js`))
    throw new Error('Build the functions first (npm --prefix functions run build)');
  const projectId = 'demo-config-check';
  const source = mkdtempSync(join(tmpdir(), 'discover-'));
  for (const name of ['lib', 'node_modules']) symlinkSync(`${FUNCTIONS}/${name}`, join(source, name));
  for (const name of ['package.json', '.env']) cpSync(`${FUNCTIONS}/${name}`, join(source, name));
  writeFileSync(join(source, `.env.${projectId}`), projectEnv);
  sources.push(source);
  const env = loadUserEnvs({ functionsSource: source, projectId, projectDir: ROOT });
  const delegate = await getRuntimeDelegate({ projectId, sourceDir: source, projectDir: ROOT, runtime: 'nodejs24' });
  process.env.FIREBASE_FUNCTIONS_DISCOVERY_OUTPUT_PATH = 'true';
  // firebase-tools gives the code 10 s to load, which a loaded machine can miss; its own knob, in seconds.
  process.env.FUNCTIONS_DISCOVERY_TIMEOUT = '120';
  return delegate.discoverBuild(
    {},
    { ...env, GCLOUD_PROJECT: projectId, FIREBASE_CONFIG: JSON.stringify({ projectId }) },
  );
}
const sources: string[] = [];
afterEach(() => {
  for (const source of sources.splice(0)) rmSync(source, { recursive: true, force: true });
});

describe('configuration at deploy time (deploy)', () => {
  it('the committed defaults discover every function and declare every param', async () => {
    const build = await discover('');
    expect(Object.keys(build.endpoints).sort()).toEqual(['api', 'onEventCreated', 'readPending']);
    expect(build.params.map(({ name }) => name).sort()).toEqual([
      'ALLOWED_ORIGINS',
      'CHECK_REVOKED',
      'MAX_BODY_BYTES',
      'REGION',
      'REQUIRE_APP_CHECK',
    ]);
  });

  it.each([
    ['MAX_BODY_BYTES=64k', /MAX_BODY_BYTES="64k" is not a whole number of bytes/],
    ['ALLOWED_ORIGINS=https://app.example.com/', /ALLOWED_ORIGINS=.* is not an origin/],
    ['CHECK_REVOKED=sometimes', /CHECK_REVOKED="sometimes"/],
  ])('a project file with %s stops the deploy, naming the variable', async (line, message) => {
    await expect(discover(`${line}\n`)).rejects.toThrow(message);
  });
});
