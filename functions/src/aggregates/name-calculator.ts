import { z } from 'zod';
import { defineAggregate, displayText, invariant } from '@firebase-event-store/kernel';
import type { Calculator } from './calculator.js';

type CalculatorState = z.output<(typeof Calculator)['state']>;

/**
 * A calculator with a name no other one of the tenant has (in any case: "Rent" and "rent" are
 * one name), that can take over the sum of a `Calculator`: the kernel's unique values and
 * decisions across aggregates, at their smallest.
 */
export const NameCalculator = defineAggregate({
  type: 'NameCalculator',
  state: z.object({ name: z.string().nullable(), sum: z.number() }),
  init: () => ({ name: null, sum: 0 }),
  events: {
    CalculatorNamed: z.strictObject({ name: displayText({ max: 60 }) }),
    SumCopied: z.strictObject({ from: z.string(), sum: z.number(), fromVersion: z.int() }),
  },
  commands: {
    /** Names (or renames) it: 409 `name` if another calculator of the tenant has the name. */
    NameCalculator: {
      payload: z.object({ name: displayText({ max: 60 }).pipe(z.string().min(1)) }),
      handle: (_state, { name }) => [{ name: 'CalculatorNamed', data: { name } }],
    },
    /** Takes the sum of the Calculator `from`, as it is when this commits (409 if it does not exist). */
    CopySum: {
      payload: z.object({ from: z.string().min(1).max(128) }),
      requires: 'existing',
      consults: ({ from }) => [{ type: 'Calculator', id: from }],
      given: [invariant('calculator-exists', (_state, { consulted: [from] }) => from!.version > 0)],
      handle: (_state, { from }, { consulted: [calculator] }) => [
        {
          name: 'SumCopied',
          data: { from, sum: (calculator!.state as CalculatorState).sum, fromVersion: calculator!.version },
        },
      ],
    },
  },
  evolve: {
    CalculatorNamed: (state, { name }) => ({ ...state, name }),
    SumCopied: (state, { sum }) => ({ ...state, sum }),
  },
  // The name it holds, compared without case: renaming moves it, and frees the old one.
  unique: { name: (state) => state.name?.toLocaleLowerCase('en') },
});
