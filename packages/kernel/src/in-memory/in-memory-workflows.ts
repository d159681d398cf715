import {
  workflowRules as rules,
  type InstanceKey,
  type WorkflowInstance,
  type WorkflowStore,
} from '../ports/workflow-store.js';
import { copy, tick, type InMemoryState, type StoredTimer, type Tenant } from './in-memory-state.js';

/** The timer as the port shows it: without whose it is or its failures. */
const timerOf = ({ workflow: _w, instance: _i, failures: _f, stopped: _s, error: _e, ...timer }: StoredTimer) => timer;

/** The workflow half of the in-memory store: instances and their timers, each save atomic. */
export function inMemoryWorkflows({ tenantOf, tenants }: InMemoryState): WorkflowStore {
  const prefixOf = ({ workflow, instance }: InstanceKey) => `${workflow}/${instance}/`;
  const instanceOf = (tenant: Tenant, key: InstanceKey): WorkflowInstance | undefined => {
    const stored = tenant.instances.get(`${key.workflow}/${key.instance}`);
    if (!stored) return undefined;
    const prefix = prefixOf(key);
    const timers = [...tenant.timers]
      .filter(([at]) => at.startsWith(prefix))
      .map(([, timer]) => [timer.name, timerOf(timer)] as const);
    return { ...stored, timers: Object.fromEntries(timers) };
  };

  return {
    async loadInstance(key) {
      await tick();
      return copy(instanceOf(tenantOf(key.tenant), key));
    },

    async saveInstance(key, change) {
      await tick();
      // From here to the end, nothing yields: the check and the writes are one atomic step.
      const tenant = tenantOf(key.tenant);
      const stored = instanceOf(tenant, key);
      if (!rules.accepts(stored, change)) return false;
      const { workflow, instance } = key;
      const prefix = prefixOf(key);
      const after = rules.timersAfter(stored, change);
      // A timer kept as it was keeps its document (and its failures); one set again starts afresh.
      const setNow = new Set(change.set.map(({ name }) => name));
      for (const at of [...tenant.timers.keys()]) {
        const name = at.slice(prefix.length);
        if (at.startsWith(prefix) && (!after[name] || setNow.has(name))) tenant.timers.delete(at);
      }
      for (const timer of change.set)
        tenant.timers.set(`${prefix}${timer.name}`, copy({ ...timer, workflow, instance }));
      tenant.instances.set(`${workflow}/${instance}`, {
        state: copy(change.state),
        position: change.position,
        revision: change.from + 1,
      });
      return true;
    },

    async dueTimers(now, limit, workflows) {
      await tick();
      const due = [...tenants].flatMap(([name, tenant]) =>
        [...tenant.timers.values()]
          .filter((timer) => !timer.stopped && rules.isDue(timer, now) && workflows.includes(timer.workflow))
          .map((timer) => ({ ...timerOf(timer), workflow: timer.workflow, instance: timer.instance, tenant: name })),
      );
      return copy(due.sort((a, b) => Date.parse(a.at) - Date.parse(b.at)).slice(0, limit));
    },

    async timerFailed(key, { name, at, error }, budget) {
      await tick();
      const tenant = tenantOf(key.tenant);
      const id = `${prefixOf(key)}${name}`;
      const timer = tenant.timers.get(id);
      if (!timer || timer.at !== at) return 0;
      const failures = (timer.failures ?? 0) + 1;
      tenant.timers.set(id, { ...timer, failures, error, stopped: rules.stops(failures, budget) });
      return failures;
    },
  };
}
