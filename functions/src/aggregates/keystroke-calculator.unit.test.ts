import { describe, expect, it } from 'vitest';
import { isAppError } from '@firebase-event-store/kernel';
import { KeystrokeCalculator } from './keystroke-calculator.js';

type Event = ReturnType<(typeof KeystrokeCalculator.commands)['PressDigit']['handle']>[number];
const context = { actor: { id: 'u', name: 'U', tenant: 't', roles: [] }, aggregateId: 'k', version: 0, consulted: [] };

/** Given these events, the state: the aggregate alone, no store. */
const given = (events: Event[]) =>
  events.reduce(
    (state, { name, data }) =>
      (KeystrokeCalculator.evolve[name] as (s: typeof state, d: unknown) => typeof state)(state, data),
    KeystrokeCalculator.init(),
  );

const digit = (d: string): Event => ({ name: 'DigitPressed', data: { digit: d } });
const op = (operator: '+' | '-' | '*' | '/'): Event => ({ name: 'OperatorPressed', data: { operator } });
const equals: Event = { name: 'EqualsPressed', data: {} };

describe('KeystrokeCalculator (unit)', () => {
  it('types digits into the left operand until an operator, then into the right one', () => {
    expect(given([digit('1'), digit('2')])).toMatchObject({ left: '012', right: null, operator: null });
    expect(given([digit('1'), op('+'), digit('2'), { name: 'DotPressed', data: {} }])).toMatchObject({
      left: '01',
      right: '2.',
      operator: '+',
    });
  });

  it('applies the pending operator when another one is pressed, and repeats it on =', () => {
    const state = given([digit('6'), op('*'), digit('7'), op('-')]);
    expect(state).toMatchObject({ result: 42, left: '42', operator: '-', right: null });
    expect(given([digit('2'), op('*'), digit('3'), equals, equals]).result).toBe(18);
  });

  it('names the rule when = or a second operator finds no right operand', () => {
    const failure = (events: Event[]) => {
      try {
        given(events);
      } catch (error) {
        return error;
      }
    };
    const noRight = failure([digit('1'), op('+'), equals]);
    expect(isAppError(noRight, 'PRECONDITION') && noRight.details.rule).toBe('missing right side');
    const noOperatorYet = failure([digit('1'), equals]);
    expect(isAppError(noOperatorYet, 'PRECONDITION') && noOperatorYet.details.rule).toBe('missing right side');
    const chained = failure([digit('1'), op('+'), op('*')]);
    expect(isAppError(chained, 'PRECONDITION') && chained.details.rule).toBe('missing right side');
  });

  it('emits one event per key, carrying the key', () => {
    const state = KeystrokeCalculator.init();
    expect(KeystrokeCalculator.commands.PressDigit.handle(state, { digit: '7' }, context)).toEqual([digit('7')]);
    expect(KeystrokeCalculator.commands.PressOperator.handle(state, { operator: '/' }, context)).toEqual([op('/')]);
    expect(KeystrokeCalculator.commands.PressEquals.handle(state, {}, context)).toEqual([equals]);
  });

  it('clears to the initial state, for managers only, and only a calculator that exists', () => {
    expect(given([digit('4'), op('*'), digit('2'), equals, { name: 'ClearPressed', data: {} }])).toEqual(
      KeystrokeCalculator.init(),
    );
    expect(KeystrokeCalculator.commands.PressClear).toMatchObject({ roles: ['manager'], requires: 'existing' });
  });

  it('validates keys with its schemas: a digit is one of 0-9, an operator one of + - * /', () => {
    const { PressDigit, PressOperator } = KeystrokeCalculator.commands;
    expect(PressDigit.payload.safeParse({ digit: '9' }).success).toBe(true);
    for (const digit of ['10', 'a', '', ' 1', 9]) expect(PressDigit.payload.safeParse({ digit }).success).toBe(false);
    for (const operator of ['%', '++', '', 'x'])
      expect(PressOperator.payload.safeParse({ operator }).success).toBe(false);
  });
});
