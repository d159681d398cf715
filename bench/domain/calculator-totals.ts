import { defineProjection, type ReadModelView } from '@firebase-event-store/kernel';
import { z } from 'zod';
import { Calculator } from './calculator.js';

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

type Totals = z.output<(typeof readModel)['CalculatorTotals']>;

/** Changes the totals of the event's calculator, and records the version they now include. */
async function update(
  { aggregateId, version, committedAt }: { aggregateId: string; version: number; committedAt: string },
  view: ReadModelView<typeof readModel>,
  change: (totals: Pick<Totals, 'sum' | 'operations' | 'owner'>) => Partial<Totals>,
) {
  const totals = (await view.get('CalculatorTotals', aggregateId)) ?? { sum: 0, operations: 0 };
  view.set('CalculatorTotals', aggregateId, {
    ...totals,
    ...change(totals),
    version,
    updatedAt: new Date(committedAt),
  });
}

/** Adds `amount` to the sum, one more operation. */
const add = (amount: number) => (totals: Pick<Totals, 'sum' | 'operations'>) => ({
  sum: totals.sum + amount,
  operations: totals.operations + 1,
});

/** The read model a calculator list needs: every calculator's sum and operation count. */
export const CalculatorTotals = defineProjection({
  name: 'CalculatorTotals',
  from: [Calculator],
  readModel,
  on: {
    NumbersAdded: (event, view) => update(event, view, add(event.data.number1 + event.data.number2)),
    NumbersSubtracted: (event, view) => update(event, view, add(-(event.data.number1 + event.data.number2))),
    CalculatorClaimed: (event, view) => update(event, view, () => ({ owner: event.data.displayName })),
  },
});
