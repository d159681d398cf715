import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineAggregate, type CommandContext } from '../src/index.js';
import { fold } from '../src/internal.js';

/**
 * The state's type is the output of its `state` schema: `init`, `evolve` and `handle` are
 * checked against it as written, with no annotation and no `as const`. This file is compiled by
 * `npm run typecheck`, so a type that comes from anywhere else fails there; the `it`s check
 * the same definition at run time.
 */
const Reservation = z.object({ seats: z.int(), status: z.enum(['placed', 'confirmed']) });
const State = z.object({
  reservations: z.record(z.string(), Reservation), // a map, empty at first
  status: z.enum(['open', 'closed']),
  note: z.string().optional(),
  closedBy: z.string().nullable(),
});
type State = z.output<typeof State>;

const Venue = defineAggregate({
  type: 'Venue',
  state: State,
  init: () => ({ reservations: {}, status: 'open', closedBy: null }),
  events: {
    Placed: z.object({ id: z.string(), seats: z.int() }),
    Confirmed: z.object({ id: z.string() }),
    Closed: z.object({ by: z.string(), note: z.string().optional() }),
  },
  commands: {
    Place: {
      payload: z.object({ id: z.string(), seats: z.int().min(1) }),
      handle: (state, { id, seats }) =>
        state.status === 'closed' || state.reservations[id] ? [] : [{ name: 'Placed', data: { id, seats } }],
    },
    Confirm: {
      payload: z.object({ id: z.string() }),
      handle: (state, { id }) =>
        state.reservations[id]?.status === 'placed' ? [{ name: 'Confirmed', data: { id } }] : [],
    },
    Close: {
      payload: z.object({ note: z.string().optional() }),
      handle: (state, { note }, { actor }) =>
        state.closedBy === null ? [{ name: 'Closed', data: { by: actor.id, note } }] : [],
    },
  },
  evolve: {
    Placed: (state, { id, seats }) => ({
      ...state,
      reservations: { ...state.reservations, [id]: { seats, status: 'placed' } },
    }),
    Confirmed: (state, { id }) => {
      const reservation = state.reservations[id];
      if (!reservation) return state;
      return { ...state, reservations: { ...state.reservations, [id]: { ...reservation, status: 'confirmed' } } };
    },
    Closed: (state, { by, note }) => ({ ...state, status: 'closed', closedBy: by, note }),
  },
});

/** Issue 23's first aggregate: an empty map from `init`, indexed by `evolve`. */
const Seats = defineAggregate({
  type: 'Seats',
  state: z.object({ taken: z.record(z.string(), z.int()) }),
  init: () => ({ taken: {} }),
  events: { Taken: z.object({ seat: z.string() }) },
  commands: {},
  evolve: { Taken: (state, { seat }) => ({ taken: { ...state.taken, [seat]: (state.taken[seat] ?? 0) + 1 } }) },
});

/** Literal numbers from `init`, where the schema allows only some. */
const Dial = defineAggregate({
  type: 'Dial',
  state: z.object({ level: z.union([z.literal(1), z.literal(2)]) }),
  init: () => ({ level: 1 }),
  events: { Raised: z.object({}) },
  commands: {},
  evolve: { Raised: () => ({ level: 2 }) },
});

describe('an aggregate state typed by its schema', () => {
  it('types init, evolve and handle with the schema output', () => {
    expectTypeOf(Venue.init).returns.toEqualTypeOf<State>();
    expectTypeOf(Venue.evolve.Placed).parameter(0).toEqualTypeOf<State>();
    expectTypeOf(Venue.evolve.Placed).returns.toEqualTypeOf<State>();
    expectTypeOf<typeof Venue.commands.Place.handle>().parameter(0).toEqualTypeOf<State>();
    expectTypeOf<typeof Venue.commands.Place.handle>().parameter(2).toEqualTypeOf<CommandContext>();
    expectTypeOf(Seats.init).returns.toEqualTypeOf<{ taken: Record<string, number> }>();
    expectTypeOf(Dial.init).returns.toEqualTypeOf<{ level: 1 | 2 }>();
  });

  it('refuses a state the schema does not allow, where it is written', () => {
    defineAggregate({
      type: 'Wrong',
      state: State,
      // @ts-expect-error 'cancelled' is no status of the schema
      init: () => ({ reservations: {}, status: 'cancelled', closedBy: null }),
      events: {},
      commands: {},
      evolve: {},
    });
    defineAggregate({
      type: 'Wrong',
      state: State,
      init: () => ({ reservations: {}, status: 'open', closedBy: null }),
      events: { Noted: z.object({ note: z.string() }) },
      commands: {},
      // @ts-expect-error closedBy is string | null, never a number
      evolve: { Noted: (state, { note }) => ({ ...state, note, closedBy: 1 }) },
    });
  });

  it('folds to states the schema accepts', () => {
    expect(fold(Dial, Dial.init(), [{ name: 'Raised', data: {} }])).toEqual({ level: 2 });
    expect(fold(Seats, Seats.init(), [{ name: 'Taken', data: { seat: 'a1' } }])).toEqual({ taken: { a1: 1 } });
    const state = fold(Venue, Venue.init(), [
      { name: 'Placed', data: { id: 'r1', seats: 2 } },
      { name: 'Placed', data: { id: 'r2', seats: 4 } },
      { name: 'Confirmed', data: { id: 'r1' } },
      { name: 'Closed', data: { by: 'u1', note: 'full' } },
    ]);
    expect(State.parse(state)).toEqual({
      reservations: { r1: { seats: 2, status: 'confirmed' }, r2: { seats: 4, status: 'placed' } },
      status: 'closed',
      note: 'full',
      closedBy: 'u1',
    });
  });
});
