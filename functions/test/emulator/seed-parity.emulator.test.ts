import { createFirestoreEventStore } from '@firebase-event-store/firestore';
import { TEST_PROJECT, emulatorFirestore } from '@firebase-event-store/testing/emulator';
import { uniqueTenant } from '@firebase-event-store/testing';
import { seedParity } from '../suites/seed-parity.suite.js';

const db = emulatorFirestore();
seedParity('Firestore on the emulator', () => createFirestoreEventStore(db, { projectId: TEST_PROJECT }), uniqueTenant);
