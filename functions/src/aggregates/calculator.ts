import { z } from 'zod';
import { defineAggregate } from '@firebase-event-store/kernel';

/** The seed library's first README example: a calculator that adds and subtracts pairs. */
const Pair = z.strictObject({ number1: z.int(), number2: z.int() });

export const Calculator = defineAggregate({
  type: 'Calculator',
  state: z.object({ sum: z.number() }),
  init: () => ({ sum: 0 }),
  events: { NumbersAdded: Pair, NumbersSubtracted: Pair },
  commands: {
    AddNumbers: {
      payload: Pair,
      handle: (_state, pair) => [{ name: 'NumbersAdded', data: pair }],
    },
    SubtractNumbers: {
      payload: Pair,
      handle: (_state, pair) => [{ name: 'NumbersSubtracted', data: pair }],
    },
  },
  evolve: {
    NumbersAdded: (state, { number1, number2 }) => ({ sum: state.sum + (number1 + number2) }),
    NumbersSubtracted: (state, { number1, number2 }) => ({ sum: state.sum - (number1 + number2) }),
  },
});
