import { execFile, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { groupAlive, stopTree, treeGroups } from '../src/emulator/process-group.js';

const ROOT = new URL('../../../', import.meta.url).pathname;

/**
 * A tree like the Emulator Suite's at its worst: a root that ignores SIGTERM (a hung
 * firebase-tools) with a child in a session of its own that ignores it too (Java).
 */
const STUBBORN_TREE = `trap '' TERM; setsid bash -c "trap '' TERM; while :; do sleep 0.2; done" & while :; do sleep 0.2; done`;

async function untilTwoGroups(root: number) {
  for (let i = 0; i < 600 && treeGroups(root).length < 2; i++) await sleep(50); // up to 30 s on a loaded machine
  const groups = treeGroups(root);
  expect(groups).toHaveLength(2);
  return groups;
}

describe('stopping a process tree of several groups (unit)', () => {
  it('the tests’ stopTree: SIGTERM ignored, then SIGKILL, the child’s own session included', async () => {
    const root = spawn('bash', ['-c', STUBBORN_TREE], { detached: true, stdio: 'ignore' }).pid!;
    const groups = await untilTwoGroups(root);
    await stopTree(root, 300);
    expect(groups.filter(groupAlive)).toEqual([]);
  });

  it('the scripts’ stop_tree (lib/process-tree.sh, what npm start runs on Ctrl-C): the same', async () => {
    const script = `
      source scripts/lib/process-tree.sh
      setsid bash -c ${JSON.stringify(STUBBORN_TREE)} &
      root=$!
      for _ in $(seq 1 600); do [ "$(tree_groups "$root" | wc -l)" -ge 2 ] && break; sleep 0.05; done
      groups=$(tree_groups "$root")
      echo "groups: $(echo $groups)"
      stop_tree "$root" 1
      if groups_alive $groups; then echo alive; else echo gone; fi`;
    const { stdout } = await promisify(execFile)('bash', ['-c', script], { cwd: ROOT });
    expect(stdout).toMatch(/^groups: \d+ \d+$/m);
    expect(stdout.trim().split('\n').at(-1)).toBe('gone');
  });
});
