import type { CalculatorSnapshot } from './live-views.js';

type State = CalculatorSnapshot['state'];

const SYMBOLS: Record<string, string> = { '+': '+', '-': '−', '*': '×', '/': '÷' };

/** A number as typed, as a calculator shows it: `016` is 16, `.5` is 0.5. */
const typed = (digits: string) => digits.replace(/^0+(?=\d)/, '').replace(/^\./, '0.');
/** A result without binary noise: 0.1 + 0.2 shows 0.3. */
const computed = (value: number) => String(Number(value.toPrecision(12)));

/**
 * Whether the state is the one `=` leaves: the seed's `compute()` puts the result in `left` and
 * keeps the operator and right operand, so that `=` again repeats the operation. Typing the
 * same right operand after a chained operator leaves the very same state, so the last key
 * decides when it is known (`lastKeyWasEquals`); unknown, a calculator at rest is taken to be
 * after `=`.
 */
export function isAfterEquals(state: State, lastKeyWasEquals: boolean | undefined): boolean {
  return lastKeyWasEquals ?? (state.right !== null && state.operator !== null && state.left === String(state.result));
}

/**
 * The last key, read from two snapshots one version apart: only `=` keeps a right operand as
 * it was (a digit or a dot extends it, an operator or C empties it). Undefined when the
 * versions are not consecutive.
 */
export function equalsBetween(before: CalculatorSnapshot | undefined, after: CalculatorSnapshot): boolean | undefined {
  if (!before || after.version !== before.version + 1) return undefined;
  return before.state.right !== null && after.state.right === before.state.right;
}

/** What the display shows: the result after `=`, otherwise what has been typed so far. */
export function displayOf(state: State | undefined, lastKeyWasEquals?: boolean): string {
  if (!state) return '0';
  if (isAfterEquals(state, lastKeyWasEquals)) return computed(state.result);
  return [typed(state.left), state.operator && SYMBOLS[state.operator], state.right !== null && typed(state.right)]
    .filter(Boolean)
    .join(' ');
}
