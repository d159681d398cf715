import { it } from 'vitest';
import { workflowSpec } from '@firebase-event-store/testing';
import { ListDeadline } from '../src/list-deadline.js';

const now = new Date('2026-06-01T09:00:00.000Z');
const closesAt = '2026-06-01T18:00:00.000Z';
const spec = workflowSpec(ListDeadline, { now });
const opened = { aggregateId: 'l1', name: 'ListOpened', data: { owner: 'ada', title: 'Groceries', closesAt } } as const;

it('ListDeadline sets a timer at the deadline of a list opened with one, and closes the list then', async () => {
  await spec.given([opened]).then([], [{ name: 'Close', at: new Date(closesAt) }]);
  await spec
    .given([opened])
    .whenTimer('Close')
    .then([{ command: 'CloseList', input: { aggregateId: 'l1' } }], []);
});

it('ListDeadline leaves a list without a deadline open, and forgets the timer of a list closed', async () => {
  await spec.given([{ ...opened, data: { owner: 'ada', title: 'Chores' } }]).then([], []);
  await spec.given([opened, { aggregateId: 'l1', name: 'ListClosed', data: {} }]).then([], []);
});
