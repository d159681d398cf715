import { Err } from '../../src/domain/err.js';
import { createInMemoryEventStore } from '../../src/store/in-memory/in-memory-event-store.js';
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
