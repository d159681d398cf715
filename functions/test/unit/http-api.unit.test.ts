import { Err, createInMemoryEventStore } from '@firebase-event-store/kernel';
import { httpApiSuite } from '../suites/http-api.suite.js';

httpApiSuite({
  name: 'in memory',
  store: createInMemoryEventStore,
  flakyStore: (failures) => {
    const store = createInMemoryEventStore();
    return {
      ...store,
      commit: (commit) => (failures-- > 0 ? Promise.reject(Err.unavailable('injected', 1)) : store.commit(commit)),
    };
  },
});
