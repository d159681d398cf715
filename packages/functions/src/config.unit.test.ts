import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { apiConfig, ConfigError, DEFAULT_ENV, readConfig, uniqueSecretOf } from './config.js';

/** The defaults a project commits as functions/.env, as firebase-tools reads them. */
const defaults = parseEnv(DEFAULT_ENV) as NodeJS.ProcessEnv;
const env = (overrides: Record<string, string | undefined>): NodeJS.ProcessEnv => ({ ...defaults, ...overrides });

describe('configuration (unit)', () => {
  it('the committed defaults are valid: no cross-origin clients, 64 KiB bodies, revocation for role commands', () => {
    expect(apiConfig(defaults)).toEqual({
      allowedOrigins: [],
      maxBodyBytes: 65536,
      checkRevoked: 'roles',
      requireAppCheck: false,
    });
    expect(readConfig(defaults).REGION).toBe('us-central1');
  });

  it('reads a list as firebase-tools gives it: JSON at run time, comma-separated text from the dotenv file', () => {
    const origins = ['https://app.example.com', 'http://localhost:5173'];
    expect(apiConfig(env({ ALLOWED_ORIGINS: JSON.stringify(origins) })).allowedOrigins).toEqual(origins);
    expect(apiConfig(env({ ALLOWED_ORIGINS: origins.join(',') })).allowedOrigins).toEqual(origins);
    expect(apiConfig(env({ ALLOWED_ORIGINS: '[""]' })).allowedOrigins).toEqual([]); // an empty answer to the prompt
  });

  it.each([
    ['MAX_BODY_BYTES', '64k', /MAX_BODY_BYTES="64k" is not a whole number of bytes/],
    ['MAX_BODY_BYTES', '100', /MAX_BODY_BYTES="100" is under 1024/],
    ['MAX_BODY_BYTES', '99999999', /is over 10485760/],
    ['ALLOWED_ORIGINS', 'https://app.example.com/', /is not an origin/],
    ['ALLOWED_ORIGINS', '*', /holds a wildcard/],
    ['ALLOWED_ORIGINS', 'https://*.example.com', /ALLOWED_ORIGINS=.* holds a wildcard: list each origin/],
    ['ALLOWED_ORIGINS', 'https://app.example.com,https://*.example.com', /holds a wildcard/],
    ['ALLOWED_ORIGINS', 'https://app.*', /holds a wildcard/],
    ['ALLOWED_ORIGINS', 'https://%2A.example.com', /holds a wildcard/],
    ['ALLOWED_ORIGINS', 'app.example.com', /is not an origin/],
    ['ALLOWED_ORIGINS', 'ftp://app.example.com', /is not an origin/],
    ['ALLOWED_ORIGINS', '["https://a.example.com", 3]', /ALLOWED_ORIGINS=.* is not a list of strings/],
    ['CHECK_REVOKED', 'sometimes', /CHECK_REVOKED="sometimes"/],
    ['REQUIRE_APP_CHECK', 'yes', /REQUIRE_APP_CHECK="yes"/],
    ['CLOUD_TRACE', 'on', /CLOUD_TRACE="on"/],
    ['REGION', 'US', /REGION="US" is not a Cloud Functions region/],
  ])('%s=%s stops the start with a message that names it', (name, value, message) => {
    expect(() => apiConfig(env({ [name]: value }))).toThrow(ConfigError);
    expect(() => apiConfig(env({ [name]: value }))).toThrow(message);
  });

  it('a value missing at run time is an error; while firebase-tools discovers the functions it is not (it prompts)', () => {
    expect(() => apiConfig(env({ MAX_BODY_BYTES: undefined }))).toThrow(/MAX_BODY_BYTES is not set/);
    expect(() => readConfig({ FUNCTIONS_CONTROL_API: 'true' })).not.toThrow();
    expect(() => readConfig({ FUNCTIONS_CONTROL_API: 'true', MAX_BODY_BYTES: '64k' })).toThrow(/MAX_BODY_BYTES="64k"/);
  });

  it('the unique-value key: the secret when mounted; the salted default only on a demo- project or in the emulator', () => {
    expect(uniqueSecretOf('my-app', { UNIQUE_SECRET: 'k' })).toBe('k');
    expect(uniqueSecretOf('demo-app', { UNIQUE_SECRET: 'k' })).toBe('k');
    expect(uniqueSecretOf('demo-app', {})).toBeUndefined();
    expect(uniqueSecretOf('my-app', { FUNCTIONS_EMULATOR: 'true' })).toBeUndefined();
    for (const env of [{}, { UNIQUE_SECRET: '' }])
      expect(() => uniqueSecretOf('my-app', env)).toThrow(
        new ConfigError(
          "UNIQUE_SECRET is not set for project my-app: set the secret once (firebase functions:secrets:set UNIQUE_SECRET); an operator's tool needs it in its environment",
        ),
      );
  });
});
