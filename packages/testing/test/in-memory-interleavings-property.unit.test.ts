import { createInMemoryEventStore } from '@firebase-event-store/kernel';
import { interleavingsProperty } from '../src/contract/interleavings-property.contract.js';

interleavingsProperty({ name: 'in memory', store: createInMemoryEventStore, numRuns: 100 });
