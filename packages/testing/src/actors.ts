import type { Actor } from '@firebase-event-store/kernel';

/** Frozen, like the actors the HTTP layer builds from verified tokens. */
export const actorOf = (tenant: string, roles: string[] = ['user']): Actor =>
  Object.freeze({ id: 'user-1', name: 'User One', tenant, roles: Object.freeze([...roles]) });
