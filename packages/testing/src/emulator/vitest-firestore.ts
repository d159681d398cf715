import type { Firestore } from 'firebase-admin/firestore';
import { inject } from 'vitest';
import { connectEmulatorFirestore } from './emulator-firestore.js';

/** Firestore on the emulator that the emulator tier's global setup started. */
export const emulatorFirestore = (projectId?: string, databaseId?: string): Firestore =>
  connectEmulatorFirestore(inject('firestoreEmulatorHost'), projectId, databaseId);
