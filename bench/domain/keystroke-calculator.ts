import { z } from 'zod';
import { defineAggregate, Err } from '@firebase-event-store/kernel';

/**
 * The seed library's second README example: a calculator that records every key pressed, so the
 * ledger is an audit trail of keystrokes and the display is rebuilt from it. Clearing it is
 * for managers only (a role rule the seed did not have).
 */
const OPERATORS = {
  '+': (l: number, r: number) => l + r,
  '-': (l: number, r: number) => l - r,
  '*': (l: number, r: number) => l * r,
  '/': (l: number, r: number) => l / r,
} as const;

const Operator = z.enum(['+', '-', '*', '/']);
const Digit = z.strictObject({ digit: z.string().regex(/^[0-9]$/, 'a digit is one of 0-9') });
const OperatorKey = z.strictObject({ operator: Operator });
const NoKey = z.strictObject({});

const State = z.object({
  left: z.string(),
  right: z.string().nullable(),
  operator: Operator.nullable(),
  result: z.number(),
});
type State = z.infer<typeof State>;
const init = (): State => ({ left: '0', right: null, operator: null, result: 0 });

/** Applies the pending operator, as the seed's `compute()` does, with its named rules. */
function compute(state: State): State {
  if (!state.left) throw Err.precondition('missing left side');
  if (!state.right) throw Err.precondition('missing right side');
  if (!state.operator) throw Err.precondition('missing operator');
  const result = OPERATORS[state.operator](Number.parseFloat(state.left), Number.parseFloat(state.right));
  return { ...state, result, left: result.toString() };
}

/** Keys typed after an operator go to the right operand, before it to the left one. */
const type = (state: State, key: string): State =>
  state.operator ? { ...state, right: (state.right ?? '') + key } : { ...state, left: state.left + key };

export const KeystrokeCalculator = defineAggregate({
  type: 'KeystrokeCalculator',
  state: State,
  init,
  events: {
    DigitPressed: Digit,
    DotPressed: NoKey,
    OperatorPressed: OperatorKey,
    EqualsPressed: NoKey,
    ClearPressed: NoKey,
  },
  commands: {
    PressDigit: { payload: Digit, handle: (_s, key) => [{ name: 'DigitPressed', data: key }] },
    PressDot: { payload: NoKey, handle: () => [{ name: 'DotPressed', data: {} }] },
    PressOperator: {
      payload: OperatorKey,
      handle: (_s, key) => [{ name: 'OperatorPressed', data: key }],
    },
    PressEquals: { payload: NoKey, handle: () => [{ name: 'EqualsPressed', data: {} }] },
    PressClear: {
      payload: NoKey,
      roles: ['manager'],
      requires: 'existing',
      handle: () => [{ name: 'ClearPressed', data: {} }],
    },
  },
  evolve: {
    DigitPressed: (state, { digit }) => type(state, digit),
    DotPressed: (state) => type(state, '.'),
    OperatorPressed: (state, { operator }) => ({
      ...(state.operator ? compute(state) : state),
      operator,
      right: null,
    }),
    EqualsPressed: (state) => compute(state),
    ClearPressed: init,
  },
});
