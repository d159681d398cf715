import { defineProjection } from '@firebase-event-store/kernel';
import { z } from 'zod';
import { TodoList } from './todo-list.js';

/**
 * `TodoSummary/{list id}`: what a list of lists shows. Clients of the list's tenant read it
 * directly (the security rules are generated from the catalog).
 */
export const TodoSummary = defineProjection({
  name: 'TodoSummary',
  from: [TodoList],
  readModel: { TodoSummary: z.object({ title: z.string(), open: z.int(), done: z.int() }) },
  on: {
    ListOpened: ({ aggregateId, data }, view) =>
      view.set('TodoSummary', aggregateId, { title: data.title, open: 0, done: 0 }),
    ItemAdded: async ({ aggregateId }, view) => {
      const summary = (await view.get('TodoSummary', aggregateId))!;
      view.set('TodoSummary', aggregateId, { ...summary, open: summary.open + 1 });
    },
    ItemCompleted: async ({ aggregateId }, view) => {
      const summary = (await view.get('TodoSummary', aggregateId))!;
      view.set('TodoSummary', aggregateId, { ...summary, open: summary.open - 1, done: summary.done + 1 });
    },
  },
});
