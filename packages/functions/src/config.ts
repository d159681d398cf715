/**
 * A deployment's configuration, declared as firebase-functions params: `firebase deploy` and
 * the emulator read them from `functions/.env` (the defaults, committed), `.env.<project-id>`
 * (a project's own values) and, in the emulator only, `.env.local`, and prompt for any that is
 * missing. firebase-tools checks little of a value that comes from a file (an int param reads
 * `64k` as 64; a list is split on commas, so an empty one is `[""]`), so every value is checked
 * here, when this file loads: a malformed value stops the deploy (firebase-tools loads the code
 * to discover its functions) or the function's start, with a message that names the variable.
 */
import { defineBoolean, defineInt, defineList, defineSecret, defineString } from 'firebase-functions/params';
import { z } from 'zod';
import type { RevocationPolicy } from './http/auth/revocation.js';

export const REGION = defineString('REGION', {
  default: 'us-central1',
  description:
    'Where every function runs. Choose the region of your Firestore database (nam5 -> us-central1, eur3 -> europe-west1, or the same single region).',
});

const params = {
  ALLOWED_ORIGINS: defineList('ALLOWED_ORIGINS', {
    description:
      'Origins (https://app.example.com) of PWAs served from elsewhere than this project’s Hosting that may call the API from a browser; empty when the PWA is on Firebase Hosting (same origin, no CORS).',
  }),
  MAX_BODY_BYTES: defineInt('MAX_BODY_BYTES', {
    default: 65536,
    description: 'Largest command body, in bytes (1024 to 10485760).',
  }),
  CHECK_REVOKED: defineString('CHECK_REVOKED', {
    default: 'roles',
    description:
      'Refuse ID tokens of revoked or disabled users: always, roles (for commands that need a role), or never. Costs one Auth lookup per user and cache period.',
  }),
  REQUIRE_APP_CHECK: defineBoolean('REQUIRE_APP_CHECK', {
    default: false,
    description: 'Require a valid Firebase App Check token (X-Firebase-AppCheck) on every command.',
  }),
  CLOUD_TRACE: defineBoolean('CLOUD_TRACE', {
    default: false,
    description:
      'Export the functions’ spans (requests, commands, readers) to Google Cloud Trace, with their logs joined to them. Off: no tracing SDK is loaded.',
  }),
};

/**
 * The key of the unique-value claims' HMAC (`createCommandHandler({ uniqueSecret })`): a Cloud
 * Secret Manager secret, bound to every function that sends commands (the API, and the reader's
 * triggers, whose reactions and workflows send some). Every claim is stored under a hash keyed by
 * it: set it before the first claim and never change it.
 */
export const UNIQUE_SECRET = defineSecret('UNIQUE_SECRET', {
  description:
    'Key of the unique-value claims (an HMAC of tenant, type, rule and value): a Secret Manager secret, set once (firebase functions:secrets:set UNIQUE_SECRET) and never changed. Required, except on demo- projects and in the emulator, which use a salted default.',
});

/** Every param, in the order the docs' configuration table lists them (generated: `npm run docs`). */
export const PARAMS = [REGION, ...Object.values(params), UNIQUE_SECRET] as const;

/** Where the salted default of `uniqueSecret` is allowed: nothing there is a real deployment. */
export const usesDefaultUniqueSecret = (projectId: string, env: NodeJS.ProcessEnv = process.env) =>
  projectId.startsWith('demo-') || env.FUNCTIONS_EMULATOR === 'true';

/**
 * The unique-value key of this process: the `UNIQUE_SECRET` Cloud Functions mounts (or an
 * operator's tool is given) in its environment; undefined (the kernel's salted default) on a
 * demo- project or in the emulator only. Anywhere else a missing secret stops the start: claims
 * hashed under the default would not be found under the secret, and values would stop being unique.
 */
export function uniqueSecretOf(projectId: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const secret = env.UNIQUE_SECRET;
  if (secret !== undefined && secret !== '') return secret;
  if (usesDefaultUniqueSecret(projectId, env)) return undefined;
  throw new ConfigError(
    `UNIQUE_SECRET is not set for project ${projectId}: set the secret once (firebase functions:secrets:set UNIQUE_SECRET); an operator's tool needs it in its environment`,
  );
}

/**
 * `functions/.env` as a project commits it: every param with its default, so that a deploy
 * without a terminal finds them all (firebase-tools prompts for a missing one, and in CI stops).
 */
export const DEFAULT_ENV = `# The functions' configuration: firebase-functions params, declared and checked by
# @firebase-event-store/functions (its config). These are the defaults, for every project. A
# project's own values go in .env.<project-id> (for example ALLOWED_ORIGINS=https://app.example.com),
# which overrides this file; the emulator also reads .env.local (git ignores it). A malformed value
# stops the deploy.
REGION=us-central1
ALLOWED_ORIGINS=
MAX_BODY_BYTES=65536
CHECK_REVOKED=roles
REQUIRE_APP_CHECK=false
CLOUD_TRACE=false
`;

export interface ApiConfig {
  readonly allowedOrigins: readonly string[];
  readonly maxBodyBytes: number;
  readonly checkRevoked: RevocationPolicy;
  readonly requireAppCheck: boolean;
}

/**
 * An origin exactly as a browser sends it: scheme, host and port, nothing after. A pattern is
 * refused by name: `https://*.example.com` parses as a URL whose host is `*.example.com`, so it
 * would be taken as a literal origin that no browser ever sends, and the PWA it was meant for
 * would get no CORS headers.
 */
const origin = z
  .string()
  .refine((value) => !/\*|%2a/i.test(value), {
    message: 'holds a wildcard: list each origin (https://app.example.com); origins are compared exactly',
    abort: true,
  })
  .refine(
    (value) => URL.canParse(value) && new URL(value).origin === value && /^https?:$/.test(new URL(value).protocol),
    {
      message: 'is not an origin like https://app.example.com (scheme and host, no path or trailing slash)',
    },
  );

/**
 * A list as firebase-tools hands it over: a JSON array at run time, the dotenv file's
 * comma-separated text while it discovers the functions.
 */
const list = z.string().transform((raw, context) => {
  if (!raw.trim().startsWith('[')) return raw.split(',');
  try {
    return z.array(z.string()).parse(JSON.parse(raw));
  } catch {
    context.addIssue({ code: 'custom', message: 'is not a list of strings' });
    return z.NEVER;
  }
});

const Env = z.object({
  REGION: z.string().regex(/^[a-z]+-[a-z]+[0-9]+$/, 'is not a Cloud Functions region like us-central1'),
  ALLOWED_ORIGINS: list.pipe(
    z
      .array(z.string().trim())
      .transform((entries) => entries.filter(Boolean))
      .pipe(z.array(origin)),
  ),
  MAX_BODY_BYTES: z
    .string()
    .regex(/^[0-9]+$/, 'is not a whole number of bytes')
    .transform(Number)
    .pipe(
      z
        .number()
        .min(1024, 'is under 1024')
        .max(10 * 1024 * 1024, 'is over 10485760 (Firestore takes 10 MiB per request)'),
    ),
  CHECK_REVOKED: z.enum(['always', 'roles', 'never']),
  REQUIRE_APP_CHECK: z.enum(['true', 'false']).transform((value) => value === 'true'),
  // Absent is off: a project whose .env predates the param still starts.
  CLOUD_TRACE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
});

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Every param's value, checked. While firebase-tools discovers the functions
 * (`FUNCTIONS_CONTROL_API`), a value that is absent is not an error: it prompts for it after.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env) {
  const discovering = env.FUNCTIONS_CONTROL_API === 'true';
  const given = Object.fromEntries(
    ['REGION', ...Object.keys(params)].filter((name) => env[name] !== undefined).map((name) => [name, env[name]]),
  );
  const schema = discovering ? Env.partial() : Env;
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const value = given[name];
      return value === undefined
        ? `${name} is not set (functions/.env holds the defaults)`
        : `${name}=${JSON.stringify(value)} ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration of the functions: ${problems.join('; ')}`);
  }
  return parsed.data as Partial<z.output<typeof Env>>;
}

/** The API's configuration, every value present and checked. */
export function apiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const { ALLOWED_ORIGINS, MAX_BODY_BYTES, CHECK_REVOKED, REQUIRE_APP_CHECK } = readConfig(env) as z.output<typeof Env>;
  return {
    allowedOrigins: ALLOWED_ORIGINS,
    maxBodyBytes: MAX_BODY_BYTES,
    checkRevoked: CHECK_REVOKED,
    requireAppCheck: REQUIRE_APP_CHECK,
  };
}
