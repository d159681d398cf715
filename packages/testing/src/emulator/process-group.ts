import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Emulators are process trees (firebase-tools or a wrapper script, Java, the functions'
 * workers), and not always one group: firebase-tools starts the Firestore emulator's Java in a
 * session of its own. They are stopped by signalling the groups of the tree, never by name.
 */
export function signalGroup(group: number, name: NodeJS.Signals) {
  try {
    process.kill(-group, name);
  } catch {
    // the group is already gone
  }
}

const processTable = () =>
  execFileSync('ps', ['-A', '-o', 'pgid=,pid=,ppid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 4)
    .map(([pgid, pid, ppid, stat, ...args]) => ({
      pgid: Number(pgid),
      pid: Number(pid),
      ppid: Number(ppid),
      stat: stat!,
      args: args.join(' '),
    }));

/** The process groups of `root` (a group leader) and of every descendant of it. */
export function treeGroups(root: number): number[] {
  const table = processTable();
  const parent = new Map(table.map(({ pid, ppid }) => [pid, ppid]));
  const descends = (pid: number) => {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  return [...new Set([root, ...table.filter(({ pid }) => descends(pid)).map(({ pgid }) => pgid)])];
}

/**
 * Whether a process of the group still runs. Zombies do not count: they have exited, and
 * reaping the orphaned ones (esbuild's service, after tsx exits) is up to PID 1, whose pace
 * is not ours to decide.
 */
export function groupAlive(group: number) {
  return livingMembers(group).length > 0;
}

/** `pid stat command` of every process of the group that has not exited. */
export function livingMembers(group: number): string[] {
  return processTable()
    .filter(({ pgid, stat }) => pgid === group && !stat.startsWith('Z'))
    .map(({ pid, stat, args }) => `${pid} ${stat} ${args}`);
}

const waitUntilGone = async (groups: readonly number[], ms: number) => {
  for (let waited = 0; waited < ms && groups.some(groupAlive); waited += 100) await sleep(100);
  return !groups.some(groupAlive);
};

/**
 * Stops the tree of `root`: SIGTERM to its group and up to `graceMs` for it to stop its own
 * children; then SIGKILL to it, and SIGTERM, then SIGKILL, to whatever else of the tree is
 * left (the groups were taken before the first signal, while every child still had a parent).
 */
export async function stopTree(root: number, graceMs = 10_000) {
  const groups = treeGroups(root);
  signalGroup(root, 'SIGTERM');
  if (!(await waitUntilGone([root], graceMs))) signalGroup(root, 'SIGKILL');
  for (const group of groups) signalGroup(group, 'SIGTERM');
  if (!(await waitUntilGone(groups, 5_000))) for (const group of groups) signalGroup(group, 'SIGKILL');
  await waitUntilGone(groups, 5_000);
}

/** The last resort, when the test runner exits without its teardown: SIGKILL to the whole tree, synchronously. */
export function killTree(root: number) {
  for (const group of treeGroups(root)) signalGroup(group, 'SIGKILL');
}
