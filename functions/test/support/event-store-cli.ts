import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const ROOT = new URL('../../../', import.meta.url).pathname;
/** The package's bin, as `npx firebase-event-store` runs it: the built CLI (dist), the built catalog (functions/lib). */
const BIN = `${ROOT}packages/functions/bin/firebase-event-store.js`;

/**
 * Runs `firebase-event-store <args>` from the repository's root, as an operator would: the
 * catalog is the default one, found from there. Rejects with the exit code, stdout and stderr
 * when the command fails.
 */
export function eventStoreCli(...args: string[]) {
  for (const built of ['packages/functions/dist/cli/main.js', 'functions/lib/catalog.js']) {
    if (!existsSync(`${ROOT}${built}`)) throw new Error(`${built} is missing: npm run build first`);
  }
  return promisify(execFile)(process.execPath, [BIN, ...args], { cwd: ROOT });
}
