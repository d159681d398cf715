import { initializeApp, type FirebaseApp, type FirebaseOptions } from 'firebase/app';
import {
  browserLocalPersistence,
  connectAuthEmulator,
  indexedDBLocalPersistence,
  initializeAuth,
  type Auth,
} from 'firebase/auth';

/** The web app's configuration, and where the emulators are when the Emulator Suite serves it. */
export interface FirebaseSetup {
  config: FirebaseOptions;
  emulators: { auth?: string; firestore?: { host: string; port: number } };
}

const REMEMBERED = 'firebase-setup';

/**
 * Firebase Hosting's reserved URL `/__/firebase/init.js?useEmulator=true` holds the project's
 * web configuration (deployed Hosting) and, on the Emulator Suite, the emulators' addresses;
 * the same build runs on both with nothing to configure. That script drives the namespaced
 * `firebase` global; the stand-in below records what it would set up, for the modular SDK.
 */
async function readHostingInit(): Promise<FirebaseSetup> {
  const setup: Partial<FirebaseSetup> & Pick<FirebaseSetup, 'emulators'> = { emulators: {} };
  const global = globalThis as { firebase?: unknown };
  global.firebase = {
    initializeApp: (config: FirebaseOptions) => void (setup.config = config),
    firestore: () => ({ useEmulator: (host: string, port: number) => (setup.emulators.firestore = { host, port }) }),
    auth: () => ({ useEmulator: (url: string) => (setup.emulators.auth = url) }),
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = '/__/firebase/init.js?useEmulator=true';
      script.onload = () => resolve();
      script.onerror = () => reject(new Error('/__/firebase/init.js did not load'));
      document.head.append(script);
    });
  } finally {
    delete global.firebase;
  }
  if (!setup.config) throw new Error('Firebase Hosting served no web app configuration');
  return setup as FirebaseSetup;
}

/** The setup from Hosting, or offline the one the last visit read. */
async function loadSetup(): Promise<FirebaseSetup> {
  try {
    const setup = await readHostingInit();
    localStorage.setItem(REMEMBERED, JSON.stringify(setup));
    return setup;
  } catch (error) {
    const remembered = localStorage.getItem(REMEMBERED);
    if (remembered) return JSON.parse(remembered) as FirebaseSetup;
    throw error;
  }
}

export interface Firebase {
  readonly app: FirebaseApp;
  readonly auth: Auth;
  readonly emulators: FirebaseSetup['emulators'];
}

/**
 * The app and Auth, all the sign-in page needs; Firestore comes with the signed-in user's code
 * (firestore-setup.ts). Auth keeps the user in IndexedDB, so a reload offline still shows them.
 * `initializeAuth` rather than `getAuth`: email and password need no popup or redirect code.
 */
export async function startFirebase(): Promise<Firebase> {
  const { config, emulators } = await loadSetup();
  const app = initializeApp(config);
  const auth = initializeAuth(app, { persistence: [indexedDBLocalPersistence, browserLocalPersistence] });
  if (emulators.auth) connectAuthEmulator(auth, emulators.auth, { disableWarnings: true });
  return { app, auth, emulators };
}
