import {
  connectFirestoreEmulator,
  initializeFirestore,
  persistentLocalCache,
  persistentMultipleTabManager,
  type Firestore,
} from 'firebase/firestore';
import type { Firebase } from './firebase-setup.js';

let firestore: Firestore | undefined;

/**
 * Firestore, once per page: it keeps what it read in IndexedDB (shared by every tab), so a
 * reload offline still shows the last known state.
 */
export function connectFirestore({ app, emulators }: Firebase): Firestore {
  if (firestore) return firestore;
  firestore = initializeFirestore(app, {
    localCache: persistentLocalCache({ tabManager: persistentMultipleTabManager() }),
  });
  if (emulators.firestore) connectFirestoreEmulator(firestore, emulators.firestore.host, emulators.firestore.port);
  return firestore;
}
