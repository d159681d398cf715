import { createInMemoryEventStore } from '../../src/store/in-memory/in-memory-event-store.js';
import { uniqueTenant } from '../support/ids.js';
import { streamReaderContract } from '../suites/stream-reader.contract.js';

const store = createInMemoryEventStore();

streamReaderContract({
  name: 'in memory',
  store: () => store,
  tenant: uniqueTenant,
  readDocument: (tenant, collection, id) => store.readDocument(tenant, collection, id),
});
