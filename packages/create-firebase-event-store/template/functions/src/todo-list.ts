import { defineAggregate, displayText, invariant, UserId } from '@firebase-event-store/kernel';
import { z } from 'zod';

const Item = z.object({ text: z.string(), done: z.boolean() });
const State = z.object({
  /** The user id of whoever opened the list. */
  owner: z.string(),
  title: z.string(),
  items: z.array(Item),
  sharedWith: z.array(z.string()),
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

/**
 * A shared to-do list. Commands need the `editor` role (a custom claim of the user's ID
 * token); only the owner shares, only members change the items.
 */
export const TodoList = defineAggregate({
  type: 'TodoList',
  state: State,
  init: () => ({ owner: '', title: '', items: [], sharedWith: [] }),
  events: {
    ListOpened: z.object({ owner: z.string(), title: z.string() }),
    ItemAdded: z.object({ text: z.string() }),
    ItemCompleted: z.object({ index: z.int() }),
    ListShared: z.object({ with: z.string() }),
  },
  commands: {
    OpenList: {
      // Text people see: trimmed, NFC, bounded, no control or bidirectional characters.
      payload: z.object({ title: displayText({ max: 100 }) }),
      roles: ['editor'],
      requires: 'new',
      handle: (_, { title }, { actor }) => [{ name: 'ListOpened', data: { owner: actor.id, title } }],
    },
    AddItem: {
      payload: z.object({ text: displayText({ max: 200 }) }),
      roles: ['editor'],
      requires: 'existing',
      given: [member],
      handle: (_, { text }) => [{ name: 'ItemAdded', data: { text } }],
    },
    CompleteItem: {
      payload: z.object({ index: z.int().min(0) }),
      roles: ['editor'],
      requires: 'existing',
      given: [member, itemExists],
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
  },
  evolve: {
    ListOpened: (state, { owner, title }) => ({ ...state, owner, title }),
    ItemAdded: (state, { text }) => ({ ...state, items: [...state.items, { text, done: false }] }),
    ItemCompleted: (state, { index }) => ({
      ...state,
      items: state.items.map((item, i) => (i === index ? { ...item, done: true } : item)),
    }),
    ListShared: (state, data) => ({ ...state, sharedWith: [...state.sharedWith, data.with] }),
  },
});
