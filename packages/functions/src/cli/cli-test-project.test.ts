import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CliIo } from './command.js';

/**
 * For the CLI's tests: a Firebase project in a temporary folder (firebase.json, optionally
 * .firebaserc, a built catalog), and an io that keeps what a command says.
 */
export function testProject(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'cli-project-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** A built catalog of no aggregates: enough for `rules`. */
export const EMPTY_CATALOG =
  'export const catalog = { aggregates: [], handlers: [], readableCollections: ["Things"], clientReads: { allowAnonymous: false, allowUnverifiedEmail: false }, subjectKeys: {} };\n';

export function capturingIo(cwd: string, env: NodeJS.ProcessEnv = {}) {
  const said = { out: [] as string[], err: [] as string[] };
  const io: CliIo = { env, cwd, out: (text) => said.out.push(text), err: (text) => said.err.push(text) };
  return { io, said };
}
