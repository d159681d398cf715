import type { Snapshot } from '@firebase-event-store/kernel';

/**
 * A snapshot as `aggregate` prints it: what the Snapshot port defines (version, schema, state,
 * personal), never a field the store keeps for itself (a revision, a timestamp) — an operator
 * once took the store's revision for the aggregate's version.
 */
export function shownSnapshot(snapshot: Snapshot | undefined): Snapshot | null {
  if (!snapshot) return null;
  const { version, schema, state, personal } = snapshot;
  return { version, schema, state, ...(personal !== undefined && { personal }) };
}
