import { defineProjection, type ReadModelView } from '@firebase-event-store/kernel';
import { z } from 'zod';
import { Calculator } from '../aggregates/calculator.js';

const readModel = {
  /** `CalculatorTotals/{calculator id}` */
  CalculatorTotals: z.object({
    sum: z.number(),
    operations: z.int(),
    /** The owner's display name, once the calculator is claimed (personal: forgetting rebuilds it). */
    owner: z.string().optional(),
    /** The calculator's version these totals include. */
    version: z.int(),
    /** A timestamp in Firestore, like the snapshots' own updatedAt. */
    updatedAt: z.date(),
  }),
};

/** Adds `amount` to the totals of the event's calculator. */
async function add(
  { aggregateId, version, committedAt }: { aggregateId: string; version: number; committedAt: string },
  view: ReadModelView<typeof readModel>,
  amount: number,
) {
  const totals = (await view.get('CalculatorTotals', aggregateId)) ?? { sum: 0, operations: 0 };
  view.set('CalculatorTotals', aggregateId, {
    ...totals,
    sum: totals.sum + amount,
    operations: totals.operations + 1,
    version,
    updatedAt: new Date(committedAt),
  });
}

/** The read model a calculator list needs: every calculator's sum and operation count. */
export const CalculatorTotals = defineProjection({
  name: 'CalculatorTotals',
  from: [Calculator],
  readModel,
  on: {
    NumbersAdded: (event, view) => add(event, view, event.data.number1 + event.data.number2),
    NumbersSubtracted: (event, view) => add(event, view, -(event.data.number1 + event.data.number2)),
    CalculatorClaimed: async ({ aggregateId, version, committedAt, data }, view) => {
      const totals = (await view.get('CalculatorTotals', aggregateId)) ?? { sum: 0, operations: 0 };
      view.set('CalculatorTotals', aggregateId, {
        ...totals,
        owner: data.displayName,
        version,
        updatedAt: new Date(committedAt),
      });
    },
  },
});
