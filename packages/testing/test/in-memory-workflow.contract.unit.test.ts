import { createInMemoryEventStore } from '@firebase-event-store/kernel';
import { workflowContract } from '../src/contract/workflow.contract.js';

workflowContract({ name: 'in memory', store: createInMemoryEventStore });
