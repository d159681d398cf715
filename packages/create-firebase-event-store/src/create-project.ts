import { cpSync, existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

export interface CreateProjectOptions {
  /** The folder to create; it must not exist or be empty. */
  readonly directory: string;
  /** The project's name (package names, the demo- project id); default: the folder's name. */
  readonly name?: string;
  /**
   * What the project's package.json files ask of each @firebase-event-store package: a version
   * range (default: this scaffold's own version), or, for packages not published yet, a folder
   * of `npm pack` tarballs (`file:` specifiers).
   */
  readonly packages?: { readonly range: string } | { readonly tarballs: string };
}

const TEMPLATE = new URL('../template/', import.meta.url).pathname;
const NAME = /^[a-z0-9][a-z0-9-]{0,28}[a-z0-9]$/;

/**
 * Writes a new Firebase project from the template: a TodoList aggregate, its projection, their
 * specs, firebase.json, indexes, hosting and the functions. Files named `_x` become `.x` (npm
 * never packs a `.gitignore`).
 */
export function createProject(options: CreateProjectOptions): { directory: string; name: string } {
  const directory = resolve(options.directory);
  const name = options.name ?? basename(directory);
  if (!NAME.test(name))
    throw new Error(`"${name}" cannot name a project: 2-30 characters of a-z, 0-9 and -, as Firebase project ids`);
  if (existsSync(directory) && readdirSync(directory).length > 0) throw new Error(`${directory} is not empty`);
  const spec = packageSpecs(options.packages); // before anything is written: it may fail
  cpSync(TEMPLATE, directory, { recursive: true });
  for (const file of filesIn(directory)) {
    const text = readFileSync(file, 'utf8');
    const filled = text
      .replaceAll('__NAME__', name)
      .replace(
        /"(@firebase-event-store\/[a-z]+)": "__PACKAGES__"/g,
        (_, pkg: string) => `"${pkg}": "${spec.get(pkg)}"`,
      );
    if (filled !== text) writeFileSync(file, filled);
    if (basename(file).startsWith('_')) renameSync(file, join(file, '..', `.${basename(file).slice(1)}`));
  }
  return { directory, name };
}

/** The packages the template depends on. */
const PACKAGES = ['kernel', 'firestore', 'functions', 'testing'].map((name) => `@firebase-event-store/${name}`);

/** What each package.json asks of each package: one range, or a `file:` tarball each. */
function packageSpecs(packages: CreateProjectOptions['packages']): Map<string, string> {
  if (packages && 'tarballs' in packages) {
    const folder = resolve(packages.tarballs);
    const tarballs = readdirSync(folder);
    return new Map(
      PACKAGES.map((pkg) => {
        const prefix = `${pkg.slice(1).replace('/', '-')}-`; // npm pack names @scope/name as scope-name-<version>.tgz
        const tarball = tarballs.find((file) => file.startsWith(prefix) && file.endsWith('.tgz'));
        if (!tarball) throw new Error(`No tarball of ${pkg} in ${folder}`);
        return [pkg, `file:${join(folder, tarball)}`];
      }),
    );
  }
  const own = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return new Map(PACKAGES.map((pkg) => [pkg, packages?.range ?? `^${own.version}`]));
}

function filesIn(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry);
    return statSync(path).isDirectory() ? filesIn(path) : [path];
  });
}
