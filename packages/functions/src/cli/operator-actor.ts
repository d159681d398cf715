import { userInfo } from 'node:os';
import { parseActor } from '@firebase-event-store/kernel';

/** Who an operator command acts as: the login on this machine, an admin of the tenant (audit events name it). */
export const operatorActor = (tenant: string | undefined) =>
  parseActor({ id: `operator:${userInfo().username}`, name: userInfo().username, tenant, roles: ['admin'] });
