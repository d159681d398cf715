import type { Actor } from '../actor.js';
import type { Workflow } from '../workflow.js';

/** The service actor a workflow's commands are sent as, in the instance's tenant. */
export const workflowActor = (workflow: Workflow, tenant: string): Actor => ({
  id: `workflow:${workflow.name}`,
  name: `workflow:${workflow.name}`,
  tenant,
  roles: workflow.roles ?? [],
});
