import { createInMemoryEventStore } from '@firebase-event-store/kernel';
import { uniqueTenant } from '../src/ids.js';
import { eventStoreContract } from '../src/contract/event-store.contract.js';

const store = createInMemoryEventStore();

eventStoreContract({
  name: 'in memory',
  store: () => store,
  tenant: uniqueTenant,
  replaceSnapshot: (stream, snapshot) => store.replaceSnapshot(stream, snapshot),
});
