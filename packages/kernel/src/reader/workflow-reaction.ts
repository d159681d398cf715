import type { CommandHandler } from '../command/command-handler.js';
import type { Reaction } from '../event-handler.js';
import type { CommittedEvent } from '../ports/event-store.js';
import type { WorkflowStore } from '../ports/workflow-store.js';
import type { Workflow } from '../workflow.js';
import { checkWorkflowStep } from './check-workflow-step.js';
import { sendCommands } from './send-commands.js';
import { workflowActor } from './workflow-actor.js';

export interface WorkflowSettings {
  readonly store: WorkflowStore;
  readonly commands?: Pick<CommandHandler, 'command'>;
  readonly clock: () => Date;
}

/**
 * A workflow as the reader runs it: a reaction (its lease, its position, its retries and dead
 * letters) whose handler applies an event to the event's instance. The commands go first, then
 * the instance is saved with the event's position in one write: a crash in between sends the
 * commands again under the same keys (answered from their records), and an event delivered
 * again after the save finds the instance past it and does nothing.
 */
export function workflowReaction(workflow: Workflow, settings: WorkflowSettings): Reaction {
  const apply = async (event: CommittedEvent) => {
    const handle = workflow.events[event.name]!;
    const id = workflow.instance(event);
    if (id === undefined) return;
    const key = { tenant: event.tenant, workflow: workflow.name, instance: id };
    const stored = await settings.store.loadInstance(key);
    if (stored && stored.position >= event.position!) return; // applied before its position was lost
    const state = stored ? stored.state : workflow.initial();
    const step = handle(state, event, { now: settings.clock() });
    const { traceparent } = event.meta;
    const cause = {
      causationId: event.id,
      correlationId: event.meta.correlationId,
      ...(traceparent && { traceparent }),
    };
    const timers = checkWorkflowStep(workflow, step, cause);
    await sendCommands(
      settings.commands,
      workflow.name,
      workflowActor(workflow, event.tenant),
      { ...cause, key: event.id },
      step?.commands,
    );
    const saved = await settings.store.saveInstance(key, {
      from: stored?.revision ?? 0,
      state: step && 'state' in step ? step.state : state,
      position: event.position!,
      ...timers,
    });
    // A timer of the instance fired meanwhile: the event is tried again on the instance as it is now.
    if (!saved) throw new Error(`${workflow.name} ${id} changed while ${event.name} was applied`);
  };
  return {
    kind: 'reaction',
    name: workflow.name,
    events: Object.fromEntries(Object.keys(workflow.events).map((name) => [name, apply])),
    ...(workflow.sources && { sources: workflow.sources }),
  };
}
