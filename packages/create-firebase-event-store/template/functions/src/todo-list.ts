import { defineAggregate, displayText, invariant, UserId } from '@firebase-event-store/kernel';
import { z } from 'zod';

const Item = z.object({ text: z.string(), done: z.boolean() });
const State = z.object({
  /** The user id of whoever opened the list. */
  owner: z.string(),
  title: z.string(),
  items: z.array(Item),
  sharedWith: z.array(z.string()),
  /** When it closes itself (ListDeadline), if it was opened with a deadline. */
  closesAt: z.string().nullable(),
  closed: z.boolean(),
});
type State = z.infer<typeof State>;

/** Only the list's owner may share it: a named rule the 403 problem document names. */
const ownerOnly = invariant<State>('OwnerOnly', (state, { actor }) => state.owner === actor.id, {
  kind: 'forbidden',
  message: "Only the list's owner may share it",
});
/** The owner or someone it was shared with. */
const member = invariant<State>(
  'MembersOnly',
  (state, { actor }) => state.owner === actor.id || state.sharedWith.includes(actor.id),
  { kind: 'forbidden', message: 'Only the members of the list may change it' },
);
/** A business rule on the payload: 409 PRECONDITION, named ItemExists. */
const itemExists = invariant<State, { index: number }>(
  'ItemExists',
  (state, _, { index }) => index < state.items.length,
  {
    message: 'There is no item at that index',
  },
);

/** A closed list takes no more changes: 409 PRECONDITION, named ListOpen. */
const open = invariant<State>('ListOpen', (state) => !state.closed, { message: 'The list is closed' });

/**
 * A shared to-do list. Commands need the `editor` role (a custom claim of the user's ID
 * token); only the owner shares, only members change the items. Its title is unique in the
 * tenant among open lists (409 PRECONDITION, rule `title`, in any case); a list opened with a
 * deadline closes itself then (the ListDeadline workflow sends CloseList).
 */
export const TodoList = defineAggregate({
  type: 'TodoList',
  state: State,
  init: () => ({ owner: '', title: '', items: [], sharedWith: [], closesAt: null, closed: false }),
  events: {
    ListOpened: z.object({ owner: z.string(), title: z.string(), closesAt: z.iso.datetime().optional() }),
    ItemAdded: z.object({ text: z.string() }),
    ItemCompleted: z.object({ index: z.int() }),
    ListShared: z.object({ with: z.string() }),
    ListClosed: z.object({}),
  },
  commands: {
    OpenList: {
      // Text people see: trimmed, NFC, bounded, no control or bidirectional characters.
      // A deadline is optional: an ISO 8601 time (2026-06-01T18:00:00Z) when the list closes itself.
      payload: z.object({ title: displayText({ max: 100 }), closesAt: z.iso.datetime().optional() }),
      roles: ['editor'],
      requires: 'new',
      handle: (_, { title, closesAt }, { actor }) => [
        { name: 'ListOpened', data: { owner: actor.id, title, ...(closesAt && { closesAt }) } },
      ],
    },
    AddItem: {
      payload: z.object({ text: displayText({ max: 200 }) }),
      roles: ['editor'],
      requires: 'existing',
      given: [member, open],
      handle: (_, { text }) => [{ name: 'ItemAdded', data: { text } }],
    },
    CompleteItem: {
      payload: z.object({ index: z.int().min(0) }),
      roles: ['editor'],
      requires: 'existing',
      given: [member, open, itemExists],
      handle: (state, { index }) => (state.items[index]!.done ? [] : [{ name: 'ItemCompleted', data: { index } }]),
    },
    ShareList: {
      // A user id, under the one rule every id follows (no invisible characters, NFC).
      payload: z.object({ with: UserId }),
      roles: ['editor'],
      requires: 'existing',
      given: [ownerOnly],
      handle: (state, payload) =>
        state.sharedWith.includes(payload.with) ? [] : [{ name: 'ListShared', data: payload }],
    },
    /** Sent by the ListDeadline workflow when the deadline passes: only it holds the `scheduler` role. */
    CloseList: {
      payload: z.object({}),
      roles: ['scheduler'],
      requires: 'existing',
      handle: (state) => (state.closed ? [] : [{ name: 'ListClosed', data: {} }]),
    },
  },
  evolve: {
    ListOpened: (state, { owner, title, closesAt }) => ({ ...state, owner, title, closesAt: closesAt ?? null }),
    ItemAdded: (state, { text }) => ({ ...state, items: [...state.items, { text, done: false }] }),
    ItemCompleted: (state, { index }) => ({
      ...state,
      items: state.items.map((item, i) => (i === index ? { ...item, done: true } : item)),
    }),
    ListShared: (state, data) => ({ ...state, sharedWith: [...state.sharedWith, data.with] }),
    ListClosed: (state) => ({ ...state, closed: true }),
  },
  // An open list holds its title, in any case ("Groceries" and "groceries" are one); closing frees it.
  unique: { title: (state) => (state.closed || !state.title ? null : state.title.toLocaleLowerCase('en')) },
});
