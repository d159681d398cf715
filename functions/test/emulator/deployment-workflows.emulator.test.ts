import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ScheduledEvent } from 'firebase-functions/v2/scheduler';
import { createDeployment, scheduledReader } from '@firebase-event-store/functions';
import { defineCatalog, defineWorkflow, type Actor, type CommittedEvent } from '@firebase-event-store/kernel';
import { Counter } from '@firebase-event-store/testing';
import { emulatorFirestore } from '@firebase-event-store/testing/emulator';

/** Every increment of a counter other than `reminders` sets a timer due at once, which increments `reminders`. */
const Reminder = defineWorkflow({
  name: 'Reminder',
  from: [Counter],
  instance: (event) => (event.aggregateId === 'reminders' ? undefined : event.aggregateId),
  initial: () => ({}),
  on: { Incremented: (_state, _event, { now }) => ({ timers: [{ name: 'Remind', at: now }] }) },
  timers: { Remind: () => ({ commands: [{ command: 'Increment', input: { aggregateId: 'reminders', by: 1 } }] }) },
});
const catalog = defineCatalog({ aggregates: [Counter], handlers: [Reminder] });
const tick = { scheduleTime: new Date().toISOString(), jobName: 'readPending' } as ScheduledEvent;

describe('a deployment with a workflow, run by the scheduled function (emulator)', () => {
  it('the schedule applies the event, then fires the due timer: its command is sent once, however many runs', async () => {
    // A project of its own: the due timers are found across every tenant of the database.
    const projectId = `demo-deployment-workflows-${randomUUID().slice(0, 6)}`;
    const { handler, reader, store } = createDeployment(emulatorFirestore(projectId), catalog, { projectId });
    const readPending = scheduledReader(reader);
    const tenant = `t-${randomUUID().slice(0, 8)}`;
    const actor: Actor = { id: 'u1', name: 'U', tenant, roles: [] };
    await handler.command(actor, 'Increment', { aggregateId: 'c1', by: 2 });
    await readPending.run(tick); // no trigger ran: the schedule finds the tenant, then the timer
    await Promise.all([readPending.run(tick), readPending.run(tick)]); // two more runs at once
    const reminders: CommittedEvent[] = [];
    for await (const event of store.readStream({ tenant, type: 'Counter', id: 'reminders' })) reminders.push(event);
    expect(reminders.map(({ name, data }) => ({ name, data }))).toEqual([{ name: 'Incremented', data: { by: 1 } }]);
    expect(reminders[0]!.meta).toMatchObject({
      causationId: 'Counter~c1~0000000001',
      actor: { id: 'workflow:Reminder' },
    });
    expect(await store.loadInstance({ tenant, workflow: 'Reminder', instance: 'c1' })).toMatchObject({ timers: {} });
  });
});
