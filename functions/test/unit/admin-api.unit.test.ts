import { createInMemoryEventStore, type InMemoryEventStore } from '@firebase-event-store/kernel';
import { adminApiSuite } from '../suites/admin-api.suite.js';

let store: InMemoryEventStore;
adminApiSuite({
  name: 'in memory',
  store: () => (store = createInMemoryEventStore()),
  keys: () => store,
  scan: async (tenant, text) =>
    [...store.documents(tenant)].filter(([, document]) => JSON.stringify(document).includes(text)).map(([at]) => at),
});
