import { randomUUID } from 'node:crypto';
import { initializeApp } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';

export const TEST_PROJECT = 'demo-event-store';

/**
 * A Firestore client for an emulator at `host`. Refuses anything that is not a loopback
 * emulator and a `demo-` project, so no test or benchmark can ever reach a real database.
 */
export function connectEmulatorFirestore(host: string, projectId = TEST_PROJECT, databaseId?: string): Firestore {
  if (!/^127\.0\.0\.1:\d+$/.test(host)) throw new Error(`Refusing a Firestore that is not on loopback: ${host}`);
  if (!projectId.startsWith('demo-'))
    throw new Error(`Refusing project ${projectId}: emulator tests use demo- projects`);
  process.env.METADATA_SERVER_DETECTION = 'none';
  process.env.FIRESTORE_EMULATOR_HOST = host; // firebase-admin and the store's document reader connect to the emulator through it
  const app = initializeApp({ projectId }, `emulator-${randomUUID()}`);
  // The client keeps the host the variable names now: set it to another emulator for the next one.
  const db = databaseId === undefined ? getFirestore(app) : getFirestore(app, databaseId);
  db.settings({ ignoreUndefinedProperties: true });
  return db;
}
