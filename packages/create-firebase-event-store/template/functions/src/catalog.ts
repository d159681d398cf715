/**
 * Everything this project runs. The build derives the security rules (which read models and
 * snapshots a tenant's clients may read) and the OpenAPI document from it.
 */
import { defineCatalog } from '@firebase-event-store/kernel';
import { ListDeadline } from './list-deadline.js';
import { TodoList } from './todo-list.js';
import { TodoSummary } from './todo-summary.js';

export const catalog = defineCatalog({ aggregates: [TodoList], handlers: [TodoSummary, ListDeadline] });
