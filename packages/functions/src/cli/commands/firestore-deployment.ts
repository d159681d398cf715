import type { Catalog } from '@firebase-event-store/kernel';
import { uniqueSecretOf } from '../../config.js';
import { createDeployment } from '../../deployment.js';
import { emulatorFor } from '../emulator-for.js';

/**
 * The deployment an operator command works on: the catalog's, over the project's Firestore: the
 * emulator given (or, for a demo- project, npm start's), else the real project with Application
 * Default Credentials. firebase-admin is loaded only once the arguments passed.
 */
export async function firestoreDeployment(project: string, emulator: string | undefined, catalog: Catalog) {
  const host = await emulatorFor(project, emulator, 'firestore');
  if (host) process.env.FIRESTORE_EMULATOR_HOST = host;
  const [{ initializeApp }, { getFirestore }] = await Promise.all([
    import('firebase-admin/app'),
    import('firebase-admin/firestore'),
  ]);
  // The deployment's unique-value key, from the environment: the functions' secret on a real
  // project (required there), the salted default on an emulator unless one is given.
  const uniqueSecret = host ? process.env.UNIQUE_SECRET || undefined : uniqueSecretOf(project);
  return createDeployment(getFirestore(initializeApp({ projectId: project })), catalog, {
    projectId: project,
    ...(uniqueSecret !== undefined && { uniqueSecret }),
  });
}
