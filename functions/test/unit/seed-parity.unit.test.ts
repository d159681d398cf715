import { createInMemoryEventStore } from '@firebase-event-store/kernel';
import { uniqueTenant } from '@firebase-event-store/testing';
import { seedParity } from '../suites/seed-parity.suite.js';

seedParity('in memory', createInMemoryEventStore, uniqueTenant);
