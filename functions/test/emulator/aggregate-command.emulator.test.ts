import { randomUUID } from 'node:crypto';
import { describe, expect, it, inject } from 'vitest';
import { createCommandHandler } from '@firebase-event-store/kernel';
import { createDeployment } from '@firebase-event-store/functions';
import { actorOf, uniqueTenant } from '@firebase-event-store/testing';
import { emulatorFirestore, TEST_PROJECT } from '@firebase-event-store/testing/emulator';
import { catalog } from '../../src/catalog.js';
import { eventStoreCli } from '../support/event-store-cli.js';

const db = emulatorFirestore();

describe('npx firebase-event-store aggregate (emulator)', () => {
  it("prints the aggregate's snapshot (version, schema, state: nothing the store keeps for itself) and its events", async () => {
    const tenant = uniqueTenant();
    const handler = createCommandHandler({
      ...createDeployment(db, catalog, { projectId: TEST_PROJECT }),
      newId: randomUUID,
    });
    await handler.command(actorOf(tenant), 'AddNumbers', { aggregateId: 'c1', number1: 1, number2: 2 });
    await handler.command(actorOf(tenant), 'AddNumbers', { aggregateId: 'c1', number1: 3, number2: 4 });
    const emulator = inject('firestoreEmulatorHost');
    const { stdout } = await eventStoreCli(
      'aggregate',
      ...['--tenant', tenant, '--type', 'Calculator', '--id', 'c1', '--emulator', emulator, '--project', TEST_PROJECT],
    );
    const shown = JSON.parse(stdout) as { snapshot: unknown; events: { version: number; name: string }[] };
    expect(shown.snapshot).toEqual({ version: 2, schema: 1, state: { sum: 10 } });
    expect(shown.events.map(({ version, name }) => [version, name])).toEqual([
      [1, 'NumbersAdded'],
      [2, 'NumbersAdded'],
    ]);
  });
});
