import { describe, it } from 'vitest';
import { aggregateSpec } from '@firebase-event-store/testing';
import { Calculator } from './calculator.js';
import { NameCalculator } from './name-calculator.js';

const spec = aggregateSpec(NameCalculator, [Calculator]);
const calculator = (version: number, sum: number) => ({ type: 'Calculator', id: 'c1', version, state: { sum } });

describe('NameCalculator', () => {
  it('is named, and renamed', () => {
    spec
      .given()
      .when('NameCalculator', { name: ' Rent ' })
      .then([{ name: 'CalculatorNamed', data: { name: 'Rent' } }]);
    spec
      .given([{ name: 'CalculatorNamed', data: { name: 'Rent' } }])
      .when('NameCalculator', { name: 'Food' })
      .then([{ name: 'CalculatorNamed', data: { name: 'Food' } }]);
  });

  it('a blank name is refused', () => {
    spec.given().when('NameCalculator', { name: '   ' }).thenFails('INVALID_ARGUMENT');
  });

  it('copies the sum of the calculator it consults, at the version it read', () => {
    spec
      .given([{ name: 'CalculatorNamed', data: { name: 'Rent' } }], [calculator(3, 42)])
      .when('CopySum', { from: 'c1' })
      .then([{ name: 'SumCopied', data: { from: 'c1', sum: 42, fromVersion: 3 } }]);
  });

  it('a calculator that does not exist: 409 calculator-exists', () => {
    spec
      .given([{ name: 'CalculatorNamed', data: { name: 'Rent' } }], [calculator(0, 0)])
      .when('CopySum', { from: 'c1' })
      .thenFails('PRECONDITION', 'calculator-exists');
  });
});
