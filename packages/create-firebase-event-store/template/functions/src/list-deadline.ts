import { defineWorkflow } from '@firebase-event-store/kernel';
import { TodoList } from './todo-list.js';

/**
 * A list opened with a deadline closes itself then: the workflow sets its timer `Close` at the
 * list's `closesAt`, and when it fires sends `CloseList` as the actor `workflow:ListDeadline`
 * (with the `scheduler` role, which no user needs), caused by the ListOpened event. Timers fire
 * from the every-minute scheduled function, so a list closes within a minute of its deadline.
 */
export const ListDeadline = defineWorkflow({
  name: 'ListDeadline',
  from: [TodoList],
  roles: ['scheduler'],
  instance: (event) => event.aggregateId,
  initial: () => ({ list: '' }),
  on: {
    ListOpened: (_state, { aggregateId, data }) =>
      data.closesAt ? { state: { list: aggregateId }, timers: [{ name: 'Close', at: new Date(data.closesAt) }] } : {},
    ListClosed: () => ({ cancel: ['Close'] }),
  },
  timers: {
    Close: ({ list }) => ({ commands: [{ command: 'CloseList', input: { aggregateId: list } }] }),
  },
});
