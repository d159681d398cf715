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

export function groupAlive(group: number) {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}
