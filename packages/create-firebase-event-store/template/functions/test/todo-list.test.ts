import { describe, it } from 'vitest';
import { aggregateSpec, testActor } from '@firebase-event-store/testing';
import { TodoList } from '../src/todo-list.js';

const ada = testActor({ id: 'ada', roles: ['editor'] });
const bob = testActor({ id: 'bob', roles: ['editor'] });
const reader = testActor({ id: 'cy', roles: [] });
const deadline = testActor({ id: 'workflow:ListDeadline', roles: ['scheduler'] });
const opened = { name: 'ListOpened', data: { owner: 'ada', title: 'Groceries' } } as const;
const spec = aggregateSpec(TodoList);

describe('TodoList', () => {
  it('opens a list owned by whoever opened it', () => {
    spec.given([]).when('OpenList', { title: 'Groceries' }, ada).then([opened]);
  });

  it('needs the editor role', () => {
    spec.given([]).when('OpenList', { title: 'Groceries' }, reader).thenFails('FORBIDDEN');
  });

  it('lets only the owner share the list (OwnerOnly)', () => {
    spec.given([opened]).when('ShareList', { with: 'bob' }, bob).thenFails('FORBIDDEN', 'OwnerOnly');
    spec
      .given([opened])
      .when('ShareList', { with: 'bob' }, ada)
      .then([{ name: 'ListShared', data: { with: 'bob' } }]);
  });

  it('lets members add and complete items, and no one else (MembersOnly)', () => {
    spec.given([opened]).when('AddItem', { text: 'milk' }, bob).thenFails('FORBIDDEN', 'MembersOnly');
    const shared = [opened, { name: 'ListShared', data: { with: 'bob' } }] as const;
    spec
      .given(shared)
      .when('AddItem', { text: 'milk' }, bob)
      .then([{ name: 'ItemAdded', data: { text: 'milk' } }]);
  });

  it('completes only an item that exists (ItemExists), once', () => {
    const withItem = [opened, { name: 'ItemAdded', data: { text: 'milk' } }] as const;
    spec.given(withItem).when('CompleteItem', { index: 1 }, ada).thenFails('PRECONDITION', 'ItemExists');
    spec
      .given(withItem)
      .when('CompleteItem', { index: 0 }, ada)
      .then([{ name: 'ItemCompleted', data: { index: 0 } }]);
    spec
      .given([...withItem, { name: 'ItemCompleted', data: { index: 0 } }])
      .when('CompleteItem', { index: 0 }, ada)
      .then([]);
  });

  it('rejects a payload that does not match its schema', () => {
    spec.given([opened]).when('AddItem', { text: '' }, ada).thenFails('INVALID_ARGUMENT');
  });

  it('opens a list with a deadline, an ISO 8601 time', () => {
    spec
      .given([])
      .when('OpenList', { title: 'Groceries', closesAt: '2026-06-01T18:00:00Z' }, ada)
      .then([{ name: 'ListOpened', data: { owner: 'ada', title: 'Groceries', closesAt: '2026-06-01T18:00:00Z' } }]);
    spec.given([]).when('OpenList', { title: 'Groceries', closesAt: 'tomorrow' }, ada).thenFails('INVALID_ARGUMENT');
  });

  it('a title another open list of the tenant has, in any case, is refused (409, rule title)', () => {
    spec
      .given([])
      .taken({ title: ['groceries'] })
      .when('OpenList', { title: 'Groceries' }, ada)
      .thenFails('PRECONDITION', 'title');
    spec
      .given([])
      .taken({ title: ['chores'] })
      .when('OpenList', { title: 'Groceries' }, ada)
      .then([opened]);
  });

  it('is closed by the scheduler only (the ListDeadline workflow), and then takes no more changes (ListOpen)', () => {
    spec.given([opened]).when('CloseList', {}, ada).thenFails('FORBIDDEN');
    spec
      .given([opened])
      .when('CloseList', {}, deadline)
      .then([{ name: 'ListClosed', data: {} }]);
    const closed = [opened, { name: 'ListClosed', data: {} }] as const;
    spec.given(closed).when('CloseList', {}, deadline).then([]);
    spec.given(closed).when('AddItem', { text: 'milk' }, ada).thenFails('PRECONDITION', 'ListOpen');
  });
});
