import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseEnv, promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { authEmulatorMode, createEmulatorIdTokenVerifier } from '@firebase-event-store/functions/http';
import { now, PROJECT, S, T, validClaims } from '@firebase-event-store/testing';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const unsigned = (claims = validClaims()) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;

describe('Auth emulator tokens (unit): attack A13 (docs/security.md)', () => {
  it('are accepted only inside the Functions emulator with the Auth emulator configured', () => {
    expect(authEmulatorMode({})).toBe(false);
    expect(authEmulatorMode({ FUNCTIONS_EMULATOR: 'true' })).toBe(false);
    expect(authEmulatorMode({ FUNCTIONS_EMULATOR: 'true', FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9099' })).toBe(true);
    expect(() => authEmulatorMode({ FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9099' })).toThrow(/refusing to start/);
  });

  it('a deployed function with the Auth emulator host set refuses to start', async () => {
    // The deployment's entry, as the platform loads it (the packages from their source).
    const script = `await import(${JSON.stringify(new URL('../../src/index.ts', import.meta.url).href)})`;
    const node = ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script];
    const env = {
      ...process.env,
      ...parseEnv(readFileSync(new URL('../../.env', import.meta.url), 'utf8')), // the configuration's defaults
      FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9099',
      GCLOUD_PROJECT: PROJECT,
      FUNCTIONS_EMULATOR: '',
    };
    const run = promisify(execFile)(process.execPath, node, { env });
    await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/refusing to start/) });
    // The same import without the variable starts (and touches no network: Firestore connects lazily).
    const safe = { ...env, FIREBASE_AUTH_EMULATOR_HOST: '', METADATA_SERVER_DETECTION: 'none' };
    const started = promisify(execFile)(process.execPath, node, { env: safe });
    await expect(started).resolves.toBeDefined();
  });

  it('in the emulator, checks every claim of an unsigned token but its signature', async () => {
    const verify = createEmulatorIdTokenVerifier({ projectId: PROJECT, now, skewSeconds: S });
    await expect(verify(unsigned())).resolves.toMatchObject({ sub: 'user-1', tenant: 't1' });
    for (const claims of [
      validClaims({ aud: 'demo-other' }),
      validClaims({ iss: 'https://securetoken.google.com/demo-other' }),
      validClaims({ exp: T - S - 1 }),
      validClaims({ sub: '' }),
      validClaims({ auth_time: undefined }),
    ]) {
      await expect(verify(unsigned(claims))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
  });
});
