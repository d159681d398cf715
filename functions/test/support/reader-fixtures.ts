import { defineProjection, defineReaction } from '../../src/application/event-handler.js';
import type { CommittedEvent } from '../../src/application/event-store.js';

/** Records every event it is handed, in order: `Ledger/all` { positions, ids }. */
export const Ledger = defineProjection({
  name: 'Ledger',
  collections: ['Ledger'],
  events: Object.fromEntries(
    ['Opened', 'Incremented'].map((name) => [
      name,
      async (event: CommittedEvent, view) => {
        const ledger = (await view.get('Ledger', 'all')) ?? { positions: [], ids: [] };
        view.set('Ledger', 'all', {
          positions: [...(ledger.positions as number[]), event.position],
          ids: [...(ledger.ids as string[]), event.id],
        });
      },
    ]),
  ),
});

/** Sums `by` per counter, the way a read model would: `Totals/{aggregateId}` { total }. */
export const Totals = defineProjection({
  name: 'Totals',
  collections: ['Totals'],
  events: {
    Incremented: async (event, view) => {
      const totals = (await view.get('Totals', event.aggregateId)) ?? { total: 0 };
      view.set('Totals', event.aggregateId, { total: (totals.total as number) + (event.data as { by: number }).by });
    },
  },
});

/** A projection that fails on `Incremented { by: 13 }` while `broken` is set, after writing half its effect. */
export function poisonable() {
  const switches = { broken: true };
  const projection = defineProjection({
    name: 'Poisonable',
    collections: ['Poisonable'],
    events: {
      Incremented: async (event, view) => {
        const seen = (await view.get('Poisonable', 'all')) ?? { count: 0 };
        view.set('Poisonable', 'all', { count: (seen.count as number) + 1 });
        if (switches.broken && (event.data as { by: number }).by === 13) throw new Error('poisoned by 13');
      },
    },
  });
  return { projection, switches };
}

/** A reaction with an outside effect: it appends to an array, and can be told to fail. */
export function mailer() {
  const sent: string[] = [];
  const switches = { failOn: undefined as string | undefined };
  const reaction = defineReaction({
    name: 'Mailer',
    events: {
      Incremented: (event) => {
        if (event.id === switches.failOn) throw new Error('mail server down');
        sent.push(event.id);
      },
    },
  });
  return { reaction, sent, switches };
}
