import { createInMemoryEventStore } from '@firebase-event-store/kernel';
import { uniqueTenant } from '../src/ids.js';
import { streamReaderContract } from '../src/contract/stream-reader.contract.js';
import { upcastingContract } from '../src/contract/upcasting.contract.js';
import { forgettingContract } from '../src/contract/forgetting.contract.js';

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

forgettingContract({
  name: 'in memory',
  store: () => store,
  tenant: uniqueTenant,
  readDocument: (tenant, collection, id) => store.readDocument(tenant, collection, id),
  scan: async (tenant, text) =>
    [...store.documents(tenant)].filter(([, document]) => JSON.stringify(document).includes(text)).map(([at]) => at),
  dropKey: async (tenant, keyId) => store.dropKey(tenant, keyId),
});
