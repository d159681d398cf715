import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDeployment } from '@firebase-event-store/functions';
import { defineCatalog, defineReaction, type Actor, type CommittedEvent } from '@firebase-event-store/kernel';
import { Counter } from '@firebase-event-store/testing';
import { emulatorFirestore, TEST_PROJECT } from '@firebase-event-store/testing/emulator';

/** Every increment of a counter other than the mirror's own is echoed on the mirror counter. */
const Echo = defineReaction({
  name: 'Echo',
  from: [Counter],
  on: {
    Incremented: ({ aggregateId, data }) =>
      aggregateId === 'mirror' ? [] : [{ command: 'Increment', input: { aggregateId: 'mirror', by: data.by } }],
  },
});
const catalog = defineCatalog({ aggregates: [Counter], handlers: [Echo] });

describe('a deployment’s reader sends the commands its reactions return (emulator)', () => {
  it('through the deployment’s command handler, once each, caused by the event', async () => {
    const { handler, reader, store } = createDeployment(emulatorFirestore(), catalog, { projectId: TEST_PROJECT });
    const tenant = `t-${randomUUID().slice(0, 8)}`;
    const actor: Actor = { id: 'u1', name: 'U', tenant, roles: [] };
    await handler.command(actor, 'Increment', { aggregateId: 'c1', by: 2 });
    await reader.poll(tenant);
    await reader.poll(tenant); // a second run sends nothing again
    const mirror: CommittedEvent[] = [];
    for await (const event of store.readStream({ tenant, type: 'Counter', id: 'mirror' })) mirror.push(event);
    expect(mirror.map(({ name, data }) => ({ name, data }))).toEqual([{ name: 'Incremented', data: { by: 2 } }]);
    expect(mirror[0]!.meta).toMatchObject({ causationId: `Counter~c1~0000000001`, actor: { id: 'reaction:Echo' } });
  });
});
