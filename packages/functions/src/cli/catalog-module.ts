import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Catalog } from '@firebase-event-store/kernel';
import { CliError, UsageError } from './cli-error.js';
import { findProjectRoot } from './project-root.js';

/** Where a functions folder's build puts the catalog (tsc's outDir "lib", as the scaffold and the reference project build). */
const BUILT_CATALOG = join('lib', 'catalog.js');

/**
 * The project's built catalog, found from the working folder: the nearest firebase.json upward,
 * each functions codebase's source folder, its lib/catalog.js. A source folder that
 * isolate-package makes at predeploy (the reference project deploys functions/isolate) is a
 * copy of the workspace package beside it, whose own build is the one to read: its parent
 * holds isolate.config.json.
 */
export function defaultCatalogModule(cwd: string): string {
  const root = findProjectRoot(cwd);
  if (!root) throw new UsageError(`no firebase.json in ${resolve(cwd)} or above it: pass --catalog <module>`);
  const config = JSON.parse(readFileSync(join(root, 'firebase.json'), 'utf8')) as { functions?: unknown };
  const codebases = [config.functions ?? []].flat() as { source?: unknown }[];
  const candidates = codebases
    .map(({ source }) => (typeof source === 'string' ? resolve(root, source) : undefined))
    .filter((source) => source !== undefined)
    .flatMap((source) => {
      const isolated = basename(source) === 'isolate' && existsSync(join(dirname(source), 'isolate.config.json'));
      return isolated ? [dirname(source), source] : [source];
    })
    .map((folder) => join(folder, BUILT_CATALOG));
  const found = candidates.find((file) => existsSync(file));
  if (found) return found;
  throw new UsageError(
    candidates.length === 0
      ? `${join(root, 'firebase.json')} names no functions source folder: pass --catalog <module>`
      : `no built catalog at ${candidates.join(' or ')}: build the functions (npm run build), or pass --catalog <module>`,
  );
}

/** The catalog a built module exports (`export const catalog = defineCatalog(...)`). */
export async function loadCatalog(module: string): Promise<Catalog> {
  const file = resolve(module);
  if (!existsSync(file)) throw new UsageError(`no catalog module at ${file}`);
  const { catalog } = (await import(pathToFileURL(file).href)) as { catalog?: Catalog };
  if (!catalog) throw new CliError(`${module} exports no catalog (export const catalog = defineCatalog(...))`);
  return catalog;
}
