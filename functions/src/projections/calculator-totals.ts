import { defineProjection, type ProjectionView } from '../application/event-handler.js';
import type { CommittedEvent } from '../application/event-store.js';

interface Pair {
  readonly number1: number;
  readonly number2: number;
}

/** Adds `sign * (number1 + number2)` to the calculator's totals: `CalculatorTotals/{id}`. */
const total = (sign: 1 | -1) => async (event: CommittedEvent, view: ProjectionView) => {
  const { number1, number2 } = event.data as Pair;
  const totals = (await view.get('CalculatorTotals', event.aggregateId)) ?? { sum: 0, operations: 0 };
  view.set('CalculatorTotals', event.aggregateId, {
    sum: (totals.sum as number) + sign * (number1 + number2),
    operations: (totals.operations as number) + 1,
    version: event.version,
    updatedAt: new Date(event.committedAt), // a timestamp in Firestore, like the snapshots' own updatedAt
  });
};

/** The read model a calculator list needs: every calculator's sum and operation count. */
export const CalculatorTotals = defineProjection({
  name: 'CalculatorTotals',
  collections: ['CalculatorTotals'],
  events: { NumbersAdded: total(1), NumbersSubtracted: total(-1) },
});
