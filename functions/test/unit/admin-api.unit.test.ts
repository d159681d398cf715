import { createInMemoryEventStore } from '@firebase-event-store/kernel';
import { adminApiSuite } from '../suites/admin-api.suite.js';

adminApiSuite({ name: 'in memory', store: createInMemoryEventStore });
