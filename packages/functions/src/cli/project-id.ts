import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './cli-error.js';
import { findProjectRoot } from './project-root.js';

/**
 * The Firebase project a command works on: --project; else GCLOUD_PROJECT when it is set to
 * something (an empty one, as `GCLOUD_PROJECT= cmd` or an unset CI variable leaves, counts as
 * unset: it once made the tools run on a project named ""); else the default project of the
 * .firebaserc beside firebase.json. Otherwise a usage error says how to name one.
 */
export function resolveProjectId(given: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
  if (given) return given;
  if (env.GCLOUD_PROJECT) return env.GCLOUD_PROJECT;
  const root = findProjectRoot(cwd);
  const fromRc = root && defaultProjectIn(join(root, '.firebaserc'));
  if (fromRc) return fromRc;
  throw new UsageError(
    `no project: pass --project <id>, set GCLOUD_PROJECT, or name a default project in .firebaserc (firebase use --add)`,
  );
}

function defaultProjectIn(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const rc = JSON.parse(text) as { projects?: { default?: unknown } };
  const project = rc.projects?.default;
  return typeof project === 'string' && project !== '' ? project : undefined;
}
