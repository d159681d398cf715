import type { Firestore } from 'firebase-admin/firestore';
import type { StreamKey } from '../../application/event-store.js';

/**
 * Where everything lives. All of a tenant's data is under `tenants/{tenant}`:
 *   events/{Type~id~0000000001}   the ledger (never readable by clients)
 *   {Type}/{id}                   the aggregate's snapshot (what clients read)
 *   system/log                    the head of the tenant's sequenced log
 */
export const firestorePaths = (db: Firestore) => {
  const tenant = (name: string) => db.collection('tenants').doc(name);
  return {
    tenant,
    events: (name: string) => tenant(name).collection('events'),
    snapshot: ({ tenant: name, type, id }: StreamKey) => tenant(name).collection(type).doc(id),
    logHead: (name: string) => tenant(name).collection('system').doc('log'),
  };
};
