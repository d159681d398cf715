/**
 * The kernel as it was at an earlier commit, built apart, for a benchmark that compares a change
 * with the code before it in one run. Its source comes from git (`git archive`), is compiled
 * with the workspace's TypeScript into node_modules/.cache (so its own imports resolve to the
 * workspace's node_modules), and is loaded from there. Built once per commit.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Kernel from '@firebase-event-store/kernel';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The built kernel of `ref` (its public index), or undefined when git does not have the commit. */
export async function kernelAt(ref: string): Promise<typeof Kernel | undefined> {
  const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8' }).trim();
  let commit: string;
  try {
    commit = git('rev-parse', '--verify', `${ref}^{commit}`);
  } catch {
    return undefined;
  }
  const dir = join(root, 'node_modules', '.cache', 'bench-before', commit);
  const index = join(dir, 'packages', 'kernel', 'dist', 'index.js');
  if (!existsSync(index)) {
    mkdirSync(dir, { recursive: true });
    execFileSync('sh', [
      '-c',
      `git -C "${root}" archive ${commit} tsconfig.base.json packages/kernel | tar -x -C "${dir}"`,
    ]);
    execFileSync(join(root, 'node_modules', '.bin', 'tsc'), [
      '-p',
      join(dir, 'packages', 'kernel', 'tsconfig.build.json'),
    ]);
  }
  return (await import(pathToFileURL(index).href)) as typeof Kernel;
}
