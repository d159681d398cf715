import { createInMemoryEventStore } from '@firebase-event-store/kernel';
import { uniqueTenant } from '../src/ids.js';
import { streamReaderContract } from '../src/contract/stream-reader.contract.js';
import { upcastingContract } from '../src/contract/upcasting.contract.js';

const store = createInMemoryEventStore();

streamReaderContract({
  name: 'in memory',
  store: () => store,
  tenant: uniqueTenant,
  readDocument: (tenant, collection, id) => store.readDocument(tenant, collection, id),
});

upcastingContract({
  name: 'in memory',
  store: () => store,
  tenant: uniqueTenant,
  readDocument: (tenant, collection, id) => store.readDocument(tenant, collection, id),
});
