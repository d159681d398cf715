import { onIdTokenChanged, signOut, type User } from 'firebase/auth';
import { registerSW } from 'virtual:pwa-register';
import { byId } from './dom.js';
import { startFirebase } from './firebase-setup.js';
import type { Session } from './session.js';
import { mountSignIn } from './sign-in.js';

/**
 * The composition of the PWA's first load: the service worker, Firebase Auth (from Hosting's
 * reserved URL) and the sign-in form. A signed-in user's page (session.ts, with Firestore and
 * the outbox) is a chunk loaded at sign-in, and the operator console one more, for admins.
 */
registerSW({ immediate: true });

// No form of the page ever submits natively (that reloads the page): each has its handler.
document.addEventListener('submit', (event) => event.preventDefault(), { capture: true });

const showConnection = () => {
  const badge = byId('connection');
  badge.textContent = navigator.onLine ? 'Online' : 'Offline';
  badge.classList.toggle('offline', !navigator.onLine);
};
showConnection();
window.addEventListener('online', showConnection);
window.addEventListener('offline', showConnection);

const firebase = await startFirebase();
const form = mountSignIn(firebase.auth);

// Someone was signed in here at the last visit: their page's code loads, and opens Firestore and
// the outbox, while Auth reads who it is (after Auth has started: its reads wait on IndexedDB).
const SIGNED_IN_HERE = 'signed-in-here';
const sessionCode = localStorage.getItem(SIGNED_IN_HERE) ? import('./session.js') : undefined;
// Offline with the chunk not cached: start() says so, if anyone is signed in.
sessionCode?.then(({ prepareSession }) => prepareSession(firebase)).catch(() => undefined);

async function start(user: User): Promise<Session | undefined> {
  // Another change came while the last session was closing: that one wins.
  if (firebase.auth.currentUser?.uid !== user.uid) return undefined;
  try {
    const { startSession } = await (sessionCode ?? import('./session.js'));
    return await startSession(user, firebase);
  } catch (error) {
    byId('who-name').textContent = `${user.email ?? user.uid} · your page could not load; reload when online`;
    console.error('the session did not start', error);
    return undefined;
  }
}

/** The user whose page is shown, and that page: one at a time, each closed before the next starts. */
let shown: { uid: string | undefined; session: Promise<Session | undefined> } = {
  uid: undefined,
  session: Promise.resolve(undefined),
};

onIdTokenChanged(firebase.auth, (user) => {
  if (user && user.uid === shown.uid) return; // a refreshed token of the same user
  form.show(user === null);
  byId('who').hidden = user === null;
  byId('who-name').textContent = user ? (user.email ?? user.uid) : '';
  if (!user) byId('app').replaceChildren(); // at once; its session stops right after
  if (user) localStorage.setItem(SIGNED_IN_HERE, '1');
  else localStorage.removeItem(SIGNED_IN_HERE);
  const previous = shown.session;
  shown = {
    uid: user?.uid,
    session: previous.then((session) => {
      try {
        session?.close();
      } catch (error) {
        console.error('the last session did not close cleanly', error);
      }
      return user ? start(user) : undefined;
    }),
  };
});

byId('sign-out').addEventListener('click', () => void signOut(firebase.auth));
