import { z } from 'zod';
import { defineAggregate, displayText } from '@firebase-event-store/kernel';

/** The seed library's first README example: a calculator that adds and subtracts pairs. */
const Pair = z.strictObject({ number1: z.int(), number2: z.int() });
/**
 * Who claimed the calculator: the user's id and the name they gave, personal data of theirs.
 * The name is display text: trimmed, in NFC, at most 100 characters, no control or bidirectional
 * characters (refused with 400, never stored as given).
 */
const Owner = z.strictObject({ ownerId: z.string().min(1), displayName: displayText({ max: 100 }) });

export const Calculator = defineAggregate({
  type: 'Calculator',
  // `owner` only once claimed: the seed library's cases compare the state key for key.
  state: z.object({ sum: z.number(), owner: z.object({ id: z.string(), name: z.string() }).optional() }),
  init: () => ({ sum: 0 }),
  events: { NumbersAdded: Pair, NumbersSubtracted: Pair, CalculatorClaimed: Owner },
  /** The display name is sealed with the owner's key: forgetting the owner erases it everywhere. */
  personal: { CalculatorClaimed: { subject: 'ownerId', fields: ['displayName'] } },
  commands: {
    AddNumbers: {
      payload: Pair,
      handle: (_state, pair) => [{ name: 'NumbersAdded', data: pair }],
    },
    SubtractNumbers: {
      payload: Pair,
      handle: (_state, pair) => [{ name: 'NumbersSubtracted', data: pair }],
    },
    /** The signed-in user becomes the calculator's owner, under the name they give. */
    ClaimCalculator: {
      payload: Owner.pick({ displayName: true }),
      handle: (_state, { displayName }, { actor }) => [
        { name: 'CalculatorClaimed', data: { ownerId: actor.id, displayName } },
      ],
    },
  },
  evolve: {
    NumbersAdded: (state, { number1, number2 }) => ({ ...state, sum: state.sum + (number1 + number2) }),
    NumbersSubtracted: (state, { number1, number2 }) => ({ ...state, sum: state.sum - (number1 + number2) }),
    CalculatorClaimed: (state, { ownerId, displayName }) => ({ ...state, owner: { id: ownerId, name: displayName } }),
  },
});
