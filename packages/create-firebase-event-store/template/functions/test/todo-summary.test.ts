import { it } from 'vitest';
import { projectionSpec } from '@firebase-event-store/testing';
import { TodoSummary } from '../src/todo-summary.js';

const on = (aggregateId: string, name: string, data: unknown) => ({ type: 'TodoList', aggregateId, name, data });

it('TodoSummary counts open and done items per list', async () => {
  await projectionSpec(TodoSummary)
    .given([
      on('l1', 'ListOpened', { owner: 'ada', title: 'Groceries' }),
      on('l1', 'ItemAdded', { text: 'milk' }),
      on('l1', 'ItemAdded', { text: 'eggs' }),
      on('l2', 'ListOpened', { owner: 'bob', title: 'Chores' }),
      on('l1', 'ItemCompleted', { index: 0 }),
    ])
    .then({ TodoSummary: { l1: { title: 'Groceries', open: 1, done: 1 }, l2: { title: 'Chores', open: 0, done: 0 } } });
});
