import type { AnyAggregate, ConsultedAggregate } from '../aggregate.js';
import type { CommandPlan } from './command-plan.js';
import { decide, type Decision } from './decide.js';
import { loadCurrent, type Loaded, type LoadDependencies } from './load-current.js';

/** A decision, the state it was made on, and whether that state may hold personal data. */
export interface CurrentDecision extends Decision {
  readonly before: unknown;
  readonly personal: boolean;
}

/**
 * The command's decision on the state `loadCurrent` gave. A decision on a cached entry is safe
 * only when it commits: the commit's guard then rejects a stale entry. One that commits nothing
 * (a refusal: 404, 409, 412, 403 by a rule; or no event) meets no guard, and the entry may be
 * behind another instance's commits: it is made again on the stored state (one snapshot read),
 * or it would answer a wrong 404/409/412 or a stale version.
 */
export async function decideCurrent(
  loading: LoadDependencies,
  plan: CommandPlan,
  { current, fromCache }: Loaded,
  maxSnapshotBytes: number,
  consulted: readonly ConsultedAggregate[] = [],
): Promise<CurrentDecision> {
  const on = (state: Loaded['current']) => ({ before: state.state, personal: state.personal === true });
  if (fromCache) {
    const onCache = tryDecide(plan, current, maxSnapshotBytes, consulted);
    if (onCache && onCache.events.length > 0) return { ...onCache, ...on(current) };
  }
  const stored = fromCache ? (await loadStored(loading, plan.route.aggregate, plan)).current : current;
  return { ...decide(plan, stored, maxSnapshotBytes, consulted), ...on(stored) };
}

/** The decision, or undefined for a refusal: `decide` is pure, so it is safe to make again. */
function tryDecide(...args: Parameters<typeof decide>): Decision | undefined {
  try {
    return decide(...args);
  } catch {
    return undefined;
  }
}

const loadStored = (loading: LoadDependencies, aggregate: AnyAggregate, { stream }: CommandPlan) =>
  loadCurrent(loading, aggregate, stream, { kind: 'store' });
