import { createInMemoryEventStore } from '../../src/store/in-memory/in-memory-event-store.js';
import { uniqueTenant } from '../support/ids.js';
import { eventStoreContract } from '../suites/event-store.contract.js';
import { seedParity } from '../suites/seed-parity.suite.js';

const store = createInMemoryEventStore();

eventStoreContract({
  name: 'in memory',
  store: () => store,
  tenant: uniqueTenant,
  replaceSnapshot: (stream, snapshot) => store.replaceSnapshot(stream, snapshot),
});

seedParity('in memory', () => store, uniqueTenant);
