import type { WorkflowTimer } from '../ports/workflow-store.js';
import type { Workflow, WorkflowStep } from '../workflow.js';

/**
 * What a workflow's handler returned, checked before anything is sent or saved: timers must be
 * declared ones at valid times. A bad step fails the event (or the timer), and nothing is written.
 */
export function checkWorkflowStep(
  workflow: Workflow,
  step: WorkflowStep | void,
  cause: Pick<WorkflowTimer, 'causationId' | 'correlationId' | 'traceparent'>,
): { readonly set: WorkflowTimer[]; readonly cancel: string[] } {
  const declared = (name: string) => {
    if (!Object.hasOwn(workflow.timers, name))
      throw new TypeError(
        `${workflow.name}: "${name}" is not one of its timers (${Object.keys(workflow.timers).join(', ') || 'none'})`,
      );
  };
  const set = (step?.timers ?? []).map(({ name, at }) => {
    declared(name);
    if (!(at instanceof Date) || Number.isNaN(at.getTime()))
      throw new TypeError(`${workflow.name}: timer ${name} needs a valid Date for "at"`);
    return { name, at: at.toISOString(), ...cause };
  });
  const cancel = [...(step?.cancel ?? [])];
  cancel.forEach(declared);
  return { set, cancel };
}
