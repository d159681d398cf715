import { createInMemoryEventStore } from '../../src/store/in-memory-event-store.js';
import { uniqueTenant } from '../support/ids.js';
import { eventStoreContract } from '../suites/event-store.contract.js';

const store = createInMemoryEventStore();

eventStoreContract({
  name: 'in memory',
  store: () => store,
  tenant: uniqueTenant,
  deleteSnapshot: (stream) => store.deleteSnapshot(stream),
});
