import type { Actor } from '../../src/domain/actor.js';

export const actorOf = (tenant: string, roles: string[] = ['user']): Actor => ({
  id: 'user-1',
  name: 'User One',
  tenant,
  roles,
});
