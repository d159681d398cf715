import { createInMemoryEventStore } from '@firebase-event-store/kernel';
import { consistencyContract } from '../src/contract/consistency.contract.js';

consistencyContract({ name: 'in memory', store: createInMemoryEventStore });
