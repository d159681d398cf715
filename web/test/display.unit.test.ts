import { describe, expect, it } from 'vitest';
import { displayOf, equalsBetween } from '../src/calculator/display.js';

/** The keystroke calculator's state as the aggregate folds it (functions/src/aggregates). */
const state = (left: string, operator: string | null, right: string | null, result = 0) => ({
  left,
  operator,
  right,
  result,
});

describe('what the calculator display shows', () => {
  it('given keys typed, then the number as a calculator shows it', () => {
    expect(displayOf(undefined)).toBe('0');
    expect(displayOf(state('0', null, null))).toBe('0');
    expect(displayOf(state('016', null, null))).toBe('16');
    expect(displayOf(state('00.5', null, null))).toBe('0.5');
    expect(displayOf(state('01', '+', null))).toBe('1 +');
    expect(displayOf(state('01', '*', '.5'))).toBe('1 × 0.5');
  });

  it('given `1 + 2 =` (the state the seed leaves: 3 + 2, result 3), then the result', () => {
    const afterEquals = state('3', '+', '2', 3);
    expect(displayOf(afterEquals)).toBe('3');
    expect(displayOf(afterEquals, true)).toBe('3');
    expect(displayOf(state('0.30000000000000004', '+', '0.2', 0.30000000000000004))).toBe('0.3');
  });

  it('given `1 + 2 + 2` (the very same state), then what was typed, when the last key is known', () => {
    expect(displayOf(state('3', '+', '2', 3), false)).toBe('3 + 2');
  });

  it('the last key, from two snapshots one version apart: only `=` keeps the right operand', () => {
    const typed = { version: 3, state: state('01', '+', '2') };
    expect(equalsBetween(typed, { version: 4, state: state('3', '+', '2', 3) })).toBe(true);
    const chained = { version: 4, state: state('3', '+', null, 3) };
    expect(equalsBetween(chained, { version: 5, state: state('3', '+', '2', 3) })).toBe(false);
    expect(equalsBetween(typed, { version: 5, state: state('3', '+', '2', 3) })).toBeUndefined();
    expect(equalsBetween(undefined, { version: 1, state: state('01', null, null) })).toBeUndefined();
  });
});
