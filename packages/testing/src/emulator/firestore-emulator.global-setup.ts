import type { TestProject } from 'vitest/node';
import { startFirestoreEmulator } from './firestore-emulator.js';

/**
 * Starts one Firestore emulator for the emulator tier, unless FIRESTORE_EMULATOR_HOST already
 * points at one. Tests isolate themselves by tenant, so they can share it.
 */
export default async function setup(project: TestProject) {
  if (process.env.FIRESTORE_EMULATOR_HOST) {
    project.provide('firestoreEmulatorHost', process.env.FIRESTORE_EMULATOR_HOST);
    return;
  }
  const emulator = await startFirestoreEmulator();
  project.provide('firestoreEmulatorHost', emulator.host);
  return () => emulator.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    firestoreEmulatorHost: string;
  }
}
