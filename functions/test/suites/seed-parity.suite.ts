import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createAggregateRegistry,
  createCommandHandler,
  createSnapshotCache,
  isAppError,
} from '@firebase-event-store/kernel';
import type { CommandResult, EventStore } from '@firebase-event-store/kernel';
import { Calculator } from '../../src/aggregates/calculator.js';
import { KeystrokeCalculator } from '../../src/aggregates/keystroke-calculator.js';
import { actorOf } from '@firebase-event-store/testing';

/** The keys of the seed's keystroke examples, as the commands that press them. */
export function keystrokes(keys: string): [string, Record<string, string>][] {
  return [...keys].map((key) => {
    if (/[0-9]/.test(key)) return ['PressDigit', { digit: key }];
    if (key === '.') return ['PressDot', {}];
    if (key === '=') return ['PressEquals', {}];
    return ['PressOperator', { operator: key }];
  });
}

/** The seed library's README examples, ported one to one, on any store. */
export function seedParity(name: string, makeStore: () => EventStore, tenant: () => string) {
  const setup = () => {
    const store = makeStore();
    const registry = createAggregateRegistry([Calculator, KeystrokeCalculator]);
    const handler = createCommandHandler({ store, registry, newId: randomUUID, cache: createSnapshotCache() });
    const actor = actorOf(tenant(), ['manager', 'user']);
    return { store, handler, actor };
  };

  /** Presses the keys one command at a time, each passing the version the previous one returned. */
  async function press(handler: ReturnType<typeof setup>['handler'], actor: ReturnType<typeof actorOf>, keys: string) {
    const aggregateId = randomUUID();
    let result: CommandResult | undefined;
    for (const [command, payload] of keystrokes(keys)) {
      const expectedVersion = result?.version;
      result = await handler.command(actor, command, { ...payload, aggregateId, expectedVersion });
    }
    return result!;
  }

  describe(`Seed parity: ${name}`, () => {
    it('adds as the seed does, sum + (number1 + number2), which differs from left to right once sums pass 2^53', async () => {
      const { handler, actor } = setup();
      await handler.command(actor, 'AddNumbers', { aggregateId: 'big', number1: Number.MAX_SAFE_INTEGER, number2: 1 });
      const { state } = await handler.command(actor, 'AddNumbers', { aggregateId: 'big', number1: 1, number2: 1 });
      expect(state).toEqual({ sum: 2 ** 53 + 2 }); // (2^53 + 1) + 1 would round back to 2^53
    });

    it('runs the Calculator example: add, add with expected version, subtract', async () => {
      const { handler, actor } = setup();
      let context = await handler.command(actor, 'AddNumbers', { number1: 1, number2: 2, aggregateId: 'calc1' });
      context = await handler.command(actor, 'AddNumbers', {
        number1: 3,
        number2: 4,
        aggregateId: context.aggregateId,
        expectedVersion: context.version,
      });
      context = await handler.command(actor, 'SubtractNumbers', { aggregateId: 'calc1', number1: 1, number2: 1 });
      expect(context).toMatchObject({
        aggregateType: 'Calculator',
        aggregateId: 'calc1',
        version: 3,
        state: { sum: 8 },
      });
      expect(context.events.map((e) => e.name)).toEqual(['NumbersSubtracted']);
      expect((await handler.load(actor, 'Calculator', 'calc1')).state).toEqual({ sum: 8 });
    });

    it.each([
      ['1+2-3*5=', 0],
      ['4*4+21-16*3=', 63],
      ['4*4+21-16*3===', 567],
      ['5.23/.33*2=', 31.6969696969697],
    ])('computes %s = %s', async (keys, expected) => {
      const { handler, actor } = setup();
      const result = await press(handler, actor, keys);
      expect((result.state as { result: number }).result).toBe(expected);
      expect(result.version).toBe(keys.length);
      const replayed = await handler.load(actor, 'KeystrokeCalculator', result.aggregateId);
      expect(replayed).toEqual({ version: keys.length, state: result.state });
    });

    it('computes 1.5+2.0-11.22+.33= -7.39 to 2 places', async () => {
      const { handler, actor } = setup();
      const result = await press(handler, actor, '1.5+2.0-11.22+.33=');
      expect((result.state as { result: number }).result.toFixed(2)).toBe('-7.39');
    });

    it.each([
      ['PressDigit', { digit: '10' }],
      ['PressDigit', { digit: 'a' }],
      ['PressDigit', { digit: 7 }],
      ['PressDigit', {}],
      ['PressOperator', { operator: '%' }],
      ['PressOperator', { operator: '+', extra: true }],
      ['AddNumbers', { number1: 1.5, number2: 2 }],
      ['AddNumbers', { number1: '1', number2: 2 }],
    ])('rejects %s %j as an invalid argument and writes nothing', async (command, payload) => {
      const { handler, actor, store } = setup();
      const keys = await press(handler, actor, '1+2');
      const before = await store.loadSnapshot({
        tenant: actor.tenant,
        type: 'KeystrokeCalculator',
        id: keys.aggregateId,
      });
      await handler.command(actor, 'AddNumbers', { aggregateId: keys.aggregateId, number1: 1, number2: 1 });
      const aggregateId = keys.aggregateId;
      await expect(handler.command(actor, command, { ...payload, aggregateId })).rejects.toSatisfy((error) =>
        isAppError(error, 'INVALID_ARGUMENT'),
      );
      const type = command === 'AddNumbers' ? 'Calculator' : 'KeystrokeCalculator';
      expect(await store.streamVersion({ tenant: actor.tenant, type, id: aggregateId })).toBe(
        type === 'Calculator' ? 1 : 3,
      );
      if (type === 'KeystrokeCalculator') {
        expect(await store.loadSnapshot({ tenant: actor.tenant, type, id: aggregateId })).toEqual(before);
      }
    });

    it('fails = without a right operand with the named rule, and writes nothing', async () => {
      const { handler, actor, store } = setup();
      const keys = await press(handler, actor, '1+');
      await expect(handler.command(actor, 'PressEquals', { aggregateId: keys.aggregateId })).rejects.toMatchObject({
        code: 'PRECONDITION',
        details: { rule: 'missing right side' },
      });
      expect(
        await store.streamVersion({ tenant: actor.tenant, type: 'KeystrokeCalculator', id: keys.aggregateId }),
      ).toBe(2);
    });
  });
}
