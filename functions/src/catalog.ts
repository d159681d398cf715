/**
 * What this deployment runs: the seed library's calculators, its projections, and a workflow
 * that clears an idle keystroke calculator. No side effects (it only reads IDLE_RESET_MINUTES),
 * so that the build (the security rules, the OpenAPI document) and the tests read the same
 * source as the functions.
 */
import { defineCatalog } from '@firebase-event-store/kernel';
import { Calculator } from './aggregates/calculator.js';
import { KeystrokeCalculator } from './aggregates/keystroke-calculator.js';
import { NameCalculator } from './aggregates/name-calculator.js';
import { CalculatorTotals } from './projections/calculator-totals.js';
import { EventCounter } from './projections/event-counter.js';
import { idleMinutes, idleReset } from './workflows/idle-reset.js';

export const catalog = defineCatalog({
  aggregates: [Calculator, KeystrokeCalculator, NameCalculator],
  handlers: [EventCounter, CalculatorTotals, idleReset({ minutes: idleMinutes(process.env) })],
});
