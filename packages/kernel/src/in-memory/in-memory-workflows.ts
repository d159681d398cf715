import {
  workflowRules as rules,
  type InstanceKey,
  type WorkflowInstance,
  type WorkflowStore,
} from '../ports/workflow-store.js';
import { copy, tick, type InMemoryState, type Tenant } from './in-memory-state.js';

/** The workflow half of the in-memory store: instances and their timers, each save atomic. */
export function inMemoryWorkflows({ tenantOf, tenants }: InMemoryState): WorkflowStore {
  const instanceOf = (tenant: Tenant, { workflow, instance }: InstanceKey): WorkflowInstance | undefined => {
    const stored = tenant.instances.get(`${workflow}/${instance}`);
    if (!stored) return undefined;
    const prefix = `${workflow}/${instance}/`;
    const timers = [...tenant.timers]
      .filter(([at]) => at.startsWith(prefix))
      .map(([, { workflow: _w, instance: _i, ...timer }]) => [timer.name, timer] as const);
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
      const prefix = `${workflow}/${instance}/`;
      for (const at of [...tenant.timers.keys()]) if (at.startsWith(prefix)) tenant.timers.delete(at);
      for (const timer of Object.values(rules.timersAfter(stored, change)))
        tenant.timers.set(`${prefix}${timer.name}`, copy({ ...timer, workflow, instance }));
      tenant.instances.set(`${workflow}/${instance}`, {
        state: copy(change.state),
        position: change.position,
        revision: change.from + 1,
      });
      return true;
    },

    async dueTimers(now, limit) {
      await tick();
      const due = [...tenants].flatMap(([name, tenant]) =>
        [...tenant.timers.values()]
          .filter((timer) => rules.isDue(timer, now))
          .map((timer) => ({ ...timer, tenant: name })),
      );
      return copy(due.sort((a, b) => Date.parse(a.at) - Date.parse(b.at)).slice(0, limit));
    },
  };
}
