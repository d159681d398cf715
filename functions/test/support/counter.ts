import { z } from 'zod';
import { defineAggregate } from '../../src/domain/aggregate.js';
import { Err } from '../../src/domain/err.js';

/** A test aggregate: small enough to fold by hand, with every kind of command the kernel has. */
export const Counter = defineAggregate({
  type: 'Counter',
  state: z.object({ total: z.number(), count: z.int(), open: z.boolean() }),
  init: () => ({ total: 0, count: 0, open: false }),
  events: {
    Opened: z.strictObject({}),
    Incremented: z.strictObject({ by: z.int() }),
  },
  commands: {
    Open: { payload: z.object({}), requires: 'new', handle: () => [{ name: 'Opened', data: {} }] },
    Increment: {
      payload: z.object({ by: z.int().min(-1000).max(1000) }),
      handle: (_state, { by }) => [{ name: 'Incremented', data: { by } }],
    },
    IncrementMany: {
      payload: z.object({ by: z.int(), times: z.int().min(1).max(400) }),
      handle: (_state, { by, times }) =>
        Array.from({ length: times }, () => ({ name: 'Incremented' as const, data: { by } })),
    },
    Reset: {
      payload: z.object({}),
      roles: ['admin'],
      requires: 'existing',
      handle: (state) => {
        if (state.total === 0) throw Err.precondition('already-zero', 'The counter is already at zero');
        return [{ name: 'Incremented', data: { by: -state.total } }];
      },
    },
    Nothing: { payload: z.object({}), handle: () => [] },
  },
  evolve: {
    Opened: (state) => ({ ...state, open: true }),
    Incremented: (state, { by }) => ({ ...state, total: state.total + by, count: state.count + 1 }),
  },
});
