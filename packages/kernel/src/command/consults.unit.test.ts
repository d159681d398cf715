import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAggregate } from '../aggregate.js';
import { createAggregateRegistry } from '../aggregate-registry.js';
import { createInMemoryEventStore } from '../in-memory/in-memory-event-store.js';
import { createCommandHandler } from './command-handler.js';

const Note = defineAggregate({
  type: 'Note',
  state: z.object({ on: z.string().nullable() }),
  init: () => ({ on: null }),
  events: { Linked: z.strictObject({ on: z.string() }) },
  commands: {
    Link: {
      payload: z.object({ type: z.string(), id: z.string() }),
      consults: ({ type, id }) => [{ type, id }],
      handle: (_state, { id }) => [{ name: 'Linked', data: { on: id } }],
    },
  },
  evolve: { Linked: (_state, { on }) => ({ on }) },
});
const actor = { tenant: 't1', id: 'u1', name: 'U', roles: [] };

describe('what a command consults', () => {
  it.each([
    ['an unknown type', { type: 'Nothing', id: 'n1' }],
    ['an invalid id', { type: 'Note', id: 'a/b' }],
    ['itself', { type: 'Note', id: 'n1' }],
  ])('%s: a mistake of the definition (500), and nothing written', async (_, target) => {
    const store = createInMemoryEventStore();
    const handler = createCommandHandler({ store, registry: createAggregateRegistry([Note]), newId: () => 'x' });
    await expect(handler.command(actor, 'Link', { aggregateId: 'n1', ...target })).rejects.toMatchObject({
      code: 'INTERNAL',
    });
    expect(await store.streamVersion({ tenant: 't1', type: 'Note', id: 'n1' })).toBe(0);
  });

  it('one that does not exist is consulted at version 0, in its initial state', async () => {
    const store = createInMemoryEventStore();
    const handler = createCommandHandler({ store, registry: createAggregateRegistry([Note]), newId: () => 'x' });
    await expect(handler.command(actor, 'Link', { aggregateId: 'n1', type: 'Note', id: 'n2' })).resolves.toMatchObject({
      version: 1,
    });
  });
});
