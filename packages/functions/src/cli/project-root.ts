import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The Firebase project a folder belongs to: the nearest folder upward holding firebase.json. */
export function findProjectRoot(cwd: string): string | undefined {
  for (let folder = resolve(cwd); ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'firebase.json'))) return folder;
    if (dirname(folder) === folder) return undefined;
  }
}
