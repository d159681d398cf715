/**
 * What this deployment runs: its aggregates and its event handlers. Plain lists with no side
 * effects, so that tests (the security rules, for one) can check against the same source.
 */
import { Calculator } from './domain/aggregates/calculator.js';
import { KeystrokeCalculator } from './domain/aggregates/keystroke-calculator.js';
import { CalculatorTotals } from './projections/calculator-totals.js';
import { EventCounter } from './projections/event-counter.js';

export const aggregates = [Calculator, KeystrokeCalculator];
export const handlers = [EventCounter, CalculatorTotals];

/** The collections of a tenant its clients may read: snapshots, and projections' read models. */
export const clientReadableCollections = [
  ...aggregates.map((aggregate) => aggregate.type),
  ...handlers.flatMap((handler) => (handler.kind === 'projection' ? handler.collections : [])),
];
