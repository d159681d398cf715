import { onIdTokenChanged, signInWithEmailAndPassword, signOut, type User } from 'firebase/auth';
import { registerSW } from 'virtual:pwa-register';
import { createApi } from './api/client.js';
import { mountCalculator } from './calculator/calculator-panel.js';
import { watchEventCount } from './calculator/live-views.js';
import { mountConsole } from './console/operator-console.js';
import { byId, cell } from './dom.js';
import { startFirebase } from './firebase-setup.js';
import { openCommandQueue } from './offline/command-queue.js';
import { createSender } from './offline/send-queue.js';

/**
 * The composition of the PWA: Firebase (from Hosting's reserved URL), the typed API client, the
 * outbox and its sender, and the panels of the signed-in user. Everything else is in the panels.
 */
registerSW({ immediate: true });

const showConnection = () => {
  const badge = byId('connection');
  badge.textContent = navigator.onLine ? 'Online' : 'Offline';
  badge.classList.toggle('offline', !navigator.onLine);
};
showConnection();

const { auth, db } = await startFirebase();
const api = createApi(() => auth.currentUser);
const queue = await openCommandQueue();

/** The event types the console can show: the API document's own list (no copy to keep in sync). */
async function aggregateTypes(): Promise<string[]> {
  const response = await fetch('/api/openapi.json');
  const document = (await response.json()) as {
    paths: Record<string, { get?: { parameters?: { name: string; schema: { enum?: string[] } }[] } }>;
  };
  const type = document.paths['/admin/streams/{type}/{id}/events']?.get?.parameters?.find((p) => p.name === 'type');
  return type?.schema.enum ?? [];
}

interface Session {
  readonly close: () => void;
}

async function startSession(user: User): Promise<Session> {
  const { claims } = await user.getIdTokenResult();
  const tenant = typeof claims.tenant === 'string' ? claims.tenant : undefined;
  const roles = Array.isArray(claims.roles) ? (claims.roles as string[]) : [];
  byId('who-name').textContent =
    `${user.email ?? user.uid} · ${tenant ?? 'no tenant'} · ${roles.join(', ') || 'no roles'}`;
  byId('sign-in').hidden = true;
  byId('who').hidden = false;
  if (!tenant) {
    byId('app').hidden = true;
    byId('sign-in-error').textContent = 'This account belongs to no tenant yet (scripts/set-claims).';
    return { close: () => undefined };
  }
  byId('app').hidden = false;
  byId('tenant').textContent = tenant;
  // The panel hears what became of each command it queued; the sender is made after it.
  const drain = () => sender.drain(user.uid);
  const panel = mountCalculator({ db, tenant, uid: user.uid, queue, drain });
  const sender = createSender(queue, api, panel);
  const stopCount = watchEventCount(
    db,
    tenant,
    (count) => {
      byId('event-count').textContent = String(count?.eventCount ?? 0);
      byId('by-name').replaceChildren(
        ...Object.entries(count?.byName ?? {})
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([name, n]) => cell('li', `${name}: ${n}`)),
      );
    },
    () => undefined,
  );
  const isAdmin = roles.includes('admin');
  byId('console').hidden = !isAdmin;
  const operatorConsole = isAdmin && navigator.onLine ? mountConsole(api, await aggregateTypes()) : undefined;
  const online = () => {
    showConnection();
    void drain();
  };
  window.addEventListener('online', online);
  void drain();
  return {
    close: () => {
      sender.stop();
      panel.close();
      stopCount();
      operatorConsole?.close();
      window.removeEventListener('online', online);
    },
  };
}

/** The user whose session the page shows, and that session once it has started. */
let shown: { uid: string; session: Promise<Session> } | undefined;

window.addEventListener('offline', showConnection);
onIdTokenChanged(auth, (user) => {
  if (user && user.uid === shown?.uid) return; // a refreshed token of the same user
  void shown?.session.then((session) => session.close());
  shown = user ? { uid: user.uid, session: startSession(user) } : undefined;
  byId('sign-in').hidden = user !== null;
  byId('who').hidden = user === null;
  if (!user) byId('app').hidden = true;
});

byId<HTMLFormElement>('sign-in').addEventListener('submit', (event) => {
  event.preventDefault();
  byId('sign-in-error').textContent = '';
  const email = byId<HTMLInputElement>('email').value;
  const password = byId<HTMLInputElement>('password').value;
  signInWithEmailAndPassword(auth, email, password).catch((error: Error) => {
    byId('sign-in-error').textContent = `Sign-in failed: ${error.message}`;
  });
});
byId('sign-out').addEventListener('click', () => void signOut(auth));
