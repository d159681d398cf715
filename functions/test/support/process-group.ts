import { execFileSync } from 'node:child_process';

/**
 * Emulators are process trees (a wrapper script and its Java child): they are stopped by
 * signalling their process group, never by name.
 */
export function signalGroup(group: number, name: NodeJS.Signals) {
  try {
    process.kill(-group, name);
  } catch {
    // the group is already gone
  }
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
  const table = execFileSync('ps', ['-A', '-o', 'pgid=,pid=,stat=,args='], { encoding: 'utf8' });
  return table
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([pgid, , stat]) => Number(pgid) === group && stat !== undefined && !stat.startsWith('Z'))
    .map(([, ...rest]) => rest.join(' '));
}
