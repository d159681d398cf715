import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAggregate } from '../aggregate.js';
import { createAggregateRegistry } from '../aggregate-registry.js';
import { createInMemoryEventStore } from '../in-memory/in-memory-event-store.js';
import { createCommandHandler } from './command-handler.js';
import { uniqueChanges, uniqueKey } from './unique-changes.js';

const Member = defineAggregate({
  type: 'Member',
  state: z.object({ email: z.string().nullable() }),
  init: () => ({ email: null }),
  events: { Joined: z.strictObject({ email: z.string() }), Left: z.strictObject({}) },
  commands: {
    Join: {
      payload: z.object({ email: z.string() }),
      handle: (_s, { email }) => [{ name: 'Joined', data: { email } }],
    },
    Leave: { payload: z.object({}), handle: () => [{ name: 'Left', data: {} }] },
  },
  evolve: { Joined: (_s, { email }) => ({ email }), Left: () => ({ email: null }) },
  unique: { email: (state) => state.email },
});
const stream = { tenant: 't1', type: 'Member', id: 'm1' };
const key = (value: string) => uniqueKey('s', 't1', 'Member', 'email', value);

describe('unique values', () => {
  it('a value that moves is claimed and the old one released; one that stays costs nothing', () => {
    expect(uniqueChanges(Member, stream, { email: null }, { email: 'a@x' }, 's')).toEqual({
      claim: [{ rule: 'email', key: key('a@x') }],
      release: [],
    });
    expect(uniqueChanges(Member, stream, { email: 'a@x' }, { email: 'b@x' }, 's')).toEqual({
      claim: [{ rule: 'email', key: key('b@x') }],
      release: [key('a@x')],
    });
    expect(uniqueChanges(Member, stream, { email: 'a@x' }, { email: null }, 's')).toEqual({
      claim: [],
      release: [key('a@x')],
    });
    expect(uniqueChanges(Member, stream, { email: 'a@x' }, { email: 'a@x' }, 's')).toBeUndefined();
  });

  it('the key is a keyed hash: another secret, tenant, type, rule or value gives another key', () => {
    const keys = [
      uniqueKey('s', 't1', 'Member', 'email', 'a@x'),
      uniqueKey('other', 't1', 'Member', 'email', 'a@x'),
      uniqueKey('s', 't2', 'Member', 'email', 'a@x'),
      uniqueKey('s', 't1', 'Other', 'email', 'a@x'),
      uniqueKey('s', 't1', 'Member', 'name', 'a@x'),
      uniqueKey('s', 't1', 'Member', 'email', 'b@x'),
      uniqueKey('s', 't1', 'Member', 'email', 1),
      uniqueKey('s', 't1', 'Member', 'email', '1'),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('the store keeps the hash and the holder, never the value', async () => {
    const store = createInMemoryEventStore();
    const registry = createAggregateRegistry([Member]);
    const handler = createCommandHandler({ store, registry, newId: () => 'id', uniqueSecret: 's' });
    const actor = { tenant: 't1', id: 'u1', name: 'U', roles: [] };
    await handler.command(actor, 'Join', { aggregateId: 'm1', email: 'someone@example.com' });
    const claims = [...store.documents('t1')].filter(([at]) => at.startsWith('unique/'));
    expect(claims).toEqual([
      [`unique/${key('someone@example.com')}`, { type: 'Member', aggregateId: 'm1', rule: 'email' }],
    ]);
  });

  it('a rule needs a short name and a function of the state', () => {
    const define = (unique: unknown) => () => defineAggregate({ ...Member, unique } as never);
    expect(define({ 'no spaces': () => null })).toThrow(/unique rule "no spaces"/);
    expect(define({ email: 'email' })).toThrow(/must be a function/);
  });
});
