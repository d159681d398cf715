import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createAggregateRegistry,
  createCommandHandler,
  createStreamReader,
  defineAggregate,
} from '@firebase-event-store/kernel';
import type { CommittedEvent } from '@firebase-event-store/kernel';
import { actorOf } from '../actors.js';
import { ProfileCards, ProfileV1, ProfileV3 } from '../fixtures/profile.js';
import type { ReaderHarness } from './stream-reader.contract.js';

async function all(events: AsyncIterable<CommittedEvent>) {
  const out: CommittedEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

/**
 * Events that evolve: written under version 1 of their definition, read under version 3 by
 * every read path (replay and time travel, a command on the rebuilt state, the stream reader,
 * a projection rebuild), on any store.
 */
export function upcastingContract(harness: ReaderHarness) {
  const setup = async () => {
    const store = harness.store();
    const tenant = harness.tenant();
    const actor = actorOf(tenant);
    const before = createCommandHandler({ store, registry: createAggregateRegistry([ProfileV1]), newId: randomUUID });
    await before.command(actor, 'CreateProfile', {
      aggregateId: 'ada',
      fullName: 'Ada King Lovelace',
      mail: 'ada@example.com',
    });
    const after = createCommandHandler({ store, registry: createAggregateRegistry([ProfileV3]), newId: randomUUID });
    return { store, tenant, actor, after };
  };
  const v3 = { first: 'Ada', last: 'King Lovelace', email: 'ada@example.com', locale: 'en' };
  /** A profile created by the version 3 definition: its event is written at version 3. */
  const bobAtVersion3 = { aggregateId: 'bob', first: 'Bob', last: 'B', email: 'b@x', locale: 'de' };

  describe(`Upcasting contract: ${harness.name}`, () => {
    it('records the version each event was written with', async () => {
      const { store, tenant, actor, after } = await setup();
      await after.command(actor, 'Relocate', { aggregateId: 'ada', locale: 'fr' });
      await after.command(actor, 'CreateProfile', bobAtVersion3);
      const events = await all(store.readStream({ tenant, type: 'Profile', id: 'ada' }));
      expect(events.map(({ name, eventVersion }) => [name, eventVersion])).toEqual([
        ['ProfileCreated', 1],
        ['Relocated', 1],
      ]);
      const [bob] = await all(store.readStream({ tenant, type: 'Profile', id: 'bob' }));
      expect(bob).toMatchObject({ name: 'ProfileCreated', eventVersion: 3 });
      // The stored data is what was written: upcasting happens on read, never in place.
      expect(events[0]!.data).toEqual({ fullName: 'Ada King Lovelace', mail: 'ada@example.com' });
    });

    it('replay, time travel and a command on the rebuilt state see version 3', async () => {
      const { actor, after } = await setup();
      await expect(after.load(actor, 'Profile', 'ada', 1)).resolves.toEqual({ version: 1, state: v3 });
      const relocated = await after.command(actor, 'Relocate', { aggregateId: 'ada', locale: 'fr' });
      expect(relocated).toMatchObject({ version: 2, state: { ...v3, locale: 'fr' } });
      await expect(after.load(actor, 'Profile', 'ada')).resolves.toEqual({
        version: 2,
        state: { ...v3, locale: 'fr' },
      });
    });

    it('the reader and a rebuild hand the projection version 3, positions unchanged', async () => {
      const { store, tenant, actor, after } = await setup();
      await after.command(actor, 'Relocate', { aggregateId: 'ada', locale: 'fr' });
      const reader = createStreamReader({ store, handlers: [ProfileCards], newId: randomUUID });
      const card = { name: 'King Lovelace, Ada', email: 'ada@example.com', locale: 'fr' };
      await expect(reader.poll(tenant)).resolves.toMatchObject([{ status: 'caught-up', from: 0, to: 2 }]);
      expect(await harness.readDocument(tenant, 'ProfileCards', 'ada')).toEqual(card);
      await expect(reader.rebuild(tenant, 'ProfileCards')).resolves.toMatchObject({
        status: 'caught-up',
        from: 0,
        to: 2,
      });
      expect(await harness.readDocument(tenant, 'ProfileCards', 'ada')).toEqual(card);
      const log = await store.readLog(tenant, { after: 0, limit: 10 });
      expect(log.map(({ position, eventVersion }) => [position, eventVersion])).toEqual([
        [1, 1],
        [2, 1],
      ]);
    });

    it('an event whose upcast data fails its schema is an error naming it: the replay and the projection stop on it', async () => {
      const { store, tenant, actor } = await setup();
      const forgot = defineAggregate({ ...ProfileV3, upcasters: {} }); // a definition that lost its upcasters
      const handler = createCommandHandler({ store, registry: createAggregateRegistry([forgot]), newId: randomUUID });
      await expect(handler.load(actor, 'Profile', 'ada')).rejects.toMatchObject({
        code: 'INTERNAL',
        message: expect.stringMatching(
          /Profile event ProfileCreated \(Profile~ada~0+1\), upcast from version 1 to 1, does not match its schema/,
        ),
      });
      const reader = createStreamReader({
        store,
        handlers: [{ ...ProfileCards, sources: [forgot] }],
        newId: randomUUID,
      });
      // The projection's own failure at that event: counted, and dead-lettered past its budget.
      const [run] = await reader.poll(tenant);
      expect(run).toMatchObject({ status: 'failed', from: 0, to: 0, error: expect.stringMatching(/ProfileCreated/) });
      expect(await harness.readDocument(tenant, 'ProfileCards', 'ada')).toBeUndefined();
    });

    it('an event written at a version the reading definition has no path from is an error naming both versions', async () => {
      const { store, actor, after } = await setup();
      await after.command(actor, 'CreateProfile', bobAtVersion3);
      const older = createCommandHandler({ store, registry: createAggregateRegistry([ProfileV1]), newId: randomUUID });
      await expect(older.load(actor, 'Profile', 'bob')).rejects.toMatchObject({
        code: 'INTERNAL',
        message: expect.stringContaining('was written at version 3, and its definition is at version 1'),
      });
    });
  });
}
