/**
 * The benchmarks' own domain: the calculators and projections the reference deployment runs
 * (functions/src), copied so that figures stay comparable with the runs before this folder and
 * with what the Emulator Suite runs, without the benchmarks importing the reference project.
 * A change there that should reach the figures is made here too, on purpose.
 */
import { defineCatalog } from '@firebase-event-store/kernel';
import { Calculator } from './calculator.js';
import { KeystrokeCalculator } from './keystroke-calculator.js';
import { CalculatorTotals } from './calculator-totals.js';
import { EventCounter } from './event-counter.js';

export const catalog = defineCatalog({
  aggregates: [Calculator, KeystrokeCalculator],
  handlers: [EventCounter, CalculatorTotals],
});
