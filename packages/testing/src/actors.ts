import type { Actor } from '@firebase-event-store/kernel';

/** Frozen, like the actors the HTTP layer builds from verified tokens. */
export const actorOf = (tenant: string, roles: string[] = ['user']): Actor =>
  Object.freeze({ id: 'user-1', name: 'User One', tenant, roles: Object.freeze([...roles]) });

/** An actor of a spec: `testActor({ id: 'ada', roles: ['editor'] })`, tenant `t1` unless given. */
export const testActor = ({
  id,
  roles = [],
  tenant = 't1',
  name = id,
}: {
  readonly id: string;
  readonly roles?: readonly string[];
  readonly tenant?: string;
  readonly name?: string;
}): Actor => Object.freeze({ id, name, tenant, roles: Object.freeze([...roles]) });
