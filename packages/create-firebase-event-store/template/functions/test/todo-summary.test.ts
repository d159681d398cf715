import { it } from 'vitest';
import { projectionSpec } from '@firebase-event-store/testing';
import { TodoSummary } from '../src/todo-summary.js';

it('TodoSummary counts open and done items per list', async () => {
  await projectionSpec(TodoSummary)
    .given([
      { aggregateId: 'l1', name: 'ListOpened', data: { owner: 'ada', title: 'Groceries' } },
      { aggregateId: 'l1', name: 'ItemAdded', data: { text: 'milk' } },
      { aggregateId: 'l1', name: 'ItemAdded', data: { text: 'eggs' } },
      { aggregateId: 'l2', name: 'ListOpened', data: { owner: 'bob', title: 'Chores' } },
      { aggregateId: 'l1', name: 'ItemCompleted', data: { index: 0 } },
    ])
    .then({ TodoSummary: { l1: { title: 'Groceries', open: 1, done: 1 }, l2: { title: 'Chores', open: 0, done: 0 } } });
});
