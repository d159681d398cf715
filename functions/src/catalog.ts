/**
 * What this deployment runs: the seed library's calculators and its projections. No side
 * effects, so that the build (the security rules, the OpenAPI document) and the tests read the
 * same source as the functions.
 */
import { defineCatalog } from '@firebase-event-store/kernel';
import { Calculator } from './aggregates/calculator.js';
import { KeystrokeCalculator } from './aggregates/keystroke-calculator.js';
import { NameCalculator } from './aggregates/name-calculator.js';
import { CalculatorTotals } from './projections/calculator-totals.js';
import { EventCounter } from './projections/event-counter.js';

export const catalog = defineCatalog({
  aggregates: [Calculator, KeystrokeCalculator, NameCalculator],
  handlers: [EventCounter, CalculatorTotals],
});
