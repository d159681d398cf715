import { createInMemoryEventStore } from '../../src/store/in-memory/in-memory-event-store.js';
import { commandInterleavingsSuite } from '../suites/command-interleavings.suite.js';

commandInterleavingsSuite({ name: 'in memory', store: createInMemoryEventStore });
