import { createInMemoryEventStore } from '@firebase-event-store/kernel';
import { commandInterleavingsSuite } from '../src/contract/command-interleavings.contract.js';

commandInterleavingsSuite({ name: 'in memory', store: createInMemoryEventStore });
