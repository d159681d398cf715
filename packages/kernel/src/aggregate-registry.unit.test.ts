import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Counter, Meter } from '@firebase-event-store/testing';
import { defineAggregate } from './aggregate.js';
import { createAggregateRegistry } from './aggregate-registry.js';

const aggregate = (type: string, command = 'DoIt') =>
  defineAggregate({
    type,
    state: z.object({}),
    init: () => ({}),
    events: { Done: z.object({}) },
    commands: { [command]: { payload: z.object({}), handle: () => [{ name: 'Done' as const, data: {} }] } },
    evolve: { Done: (state) => state },
  });

describe('AggregateRegistry (unit)', () => {
  it('routes every command to its aggregate, and nothing else', () => {
    const registry = createAggregateRegistry([Counter, Meter]);
    expect(registry.command('Record')?.aggregate.type).toBe('Meter');
    expect(registry.command('Increment')?.aggregate.type).toBe('Counter');
    for (const name of ['constructor', '__proto__', 'toString', 'Recorded'])
      expect(registry.command(name)).toBeUndefined();
    expect(registry.aggregate('Counter')).toBe(Counter);
    expect(registry.commands.map((route) => route.name)).toContain('IncrementMany');
  });

  it('makes object payloads strict even when the author did not', () => {
    const route = createAggregateRegistry([Counter]).command('Increment')!;
    expect(Counter.commands.Increment.payload.safeParse({ by: 1, extra: 1 }).success).toBe(true);
    expect(route.command.payload.safeParse({ by: 1, extra: 1 }).success).toBe(false);
  });

  it('refuses ambiguous or reserved names', () => {
    expect(() => createAggregateRegistry([aggregate('Alpha'), aggregate('Alpha', 'Other')])).toThrow(/twice/);
    expect(() => createAggregateRegistry([aggregate('Alpha'), aggregate('Beta')])).toThrow(
      /DoIt is defined by Alpha and Beta/,
    );
    expect(() => aggregate('events')).toThrow(/PascalCase/);
    expect(() => aggregate('Bad Name')).toThrow(/PascalCase/);
    expect(() => aggregate('Good', 'lower')).toThrow(/PascalCase/);
  });
});
