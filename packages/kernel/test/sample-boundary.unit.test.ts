import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url).pathname;
const SAMPLE = join(ROOT, 'functions/');
/** Folders that are built, installed or scratch, not source. */
const SKIPPED = new Set(['node_modules', 'dist', 'lib', '.cache', 'coverage']);
const SOURCE = /\.(c|m)?(t|j)sx?$/;

/** Every source file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : sources(path);
    return SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The specifiers a file imports: static and dynamic imports, re-exports, require. */
export function specifiers(text: string): string[] {
  const found = text.matchAll(
    /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*|\bexport\s*\*\s*from\s*)(['"`])([^'"`\n]+)\1/g,
  );
  return [...found].map((match) => match[2]!);
}

/** `file`'s imports that resolve into the reference project (functions/), as `file -> specifier`. */
function intoSample(file: string): string[] {
  return specifiers(readFileSync(file, 'utf8'))
    .filter((specifier) => specifier.startsWith('.') && resolve(dirname(file), specifier).startsWith(SAMPLE))
    .map((specifier) => `${relative(ROOT, file)} -> ${specifier}`);
}

/**
 * Issue 23: the benchmarks and the packages stand on their own. The reference project in
 * functions/ is one user of the packages, free to change; a benchmark or a package's test that
 * imports it measures or tests whatever it happens to be that day, and a clone of a package
 * without it does not build.
 */
describe('the reference project boundary', () => {
  it('finds imports in every form it checks for', () => {
    const text = [
      "import { a } from '../x.js';",
      "import type { B } from '../y.js';",
      "const m = await import('../z.js');",
      "import '../side.js';",
      "export * from '../all.js';",
      "const r = require('../req.js');",
    ].join('\n');
    expect(specifiers(text)).toEqual(['../x.js', '../y.js', '../z.js', '../side.js', '../all.js', '../req.js']);
  });

  it('sees an import into functions/ as one', () => {
    const file = join(ROOT, 'bench/example.ts');
    const specifier = '../functions/src/catalog.js';
    expect(resolve(dirname(file), specifier).startsWith(SAMPLE)).toBe(true);
    expect(resolve(dirname(file), '../packages/functions/src/index.js').startsWith(SAMPLE)).toBe(false);
  });

  it('no file of bench/ or packages/ imports a file of functions/', () => {
    const files = [...sources(join(ROOT, 'bench')), ...sources(join(ROOT, 'packages'))];
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap(intoSample)).toEqual([]);
  });
});
