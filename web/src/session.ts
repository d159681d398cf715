import type { User } from 'firebase/auth';
import { createApi } from './api/client.js';
import { mountCalculator } from './calculator/calculator-panel.js';
import { watchEventCount } from './calculator/live-views.js';
import { startConsole } from './console/start-console.js';
import { byId, cell, emptyRow, fromTemplate } from './dom.js';
import type { Firebase } from './firebase-setup.js';
import { connectFirestore } from './firestore-setup.js';
import { LAZY_CHUNKS } from './lazy-chunks.js';
import { openCommandQueue, type CommandQueue } from './offline/command-queue.js';
import { createSender } from './offline/send-queue.js';
import { tracing } from './tracing/tracing.js';

/**
 * The signed-in user's page, loaded after sign-in (Firestore, the outbox, the calculator, and
 * for admins the console's loader): the sign-in page itself carries none of it.
 */
export interface Session {
  /** Stops everything the session started and empties its page: nothing of the user stays on screen. */
  readonly close: () => void;
}

interface Claims {
  readonly tenant?: string;
  readonly roles: readonly string[];
}

/**
 * The user's tenant and roles, from the ID token. Reading them needs the network when the token
 * has expired (a reload offline the next day): the ones last read on this device stand in.
 */
async function claimsOf(user: User): Promise<Claims> {
  const remembered = `claims-${user.uid}`;
  try {
    const { claims } = await user.getIdTokenResult();
    const read: Claims = {
      ...(typeof claims.tenant === 'string' && { tenant: claims.tenant }),
      roles: Array.isArray(claims.roles) ? claims.roles.filter((role) => typeof role === 'string') : [],
    };
    localStorage.setItem(remembered, JSON.stringify(read));
    return read;
  } catch (error) {
    const last = localStorage.getItem(remembered);
    if (last) return JSON.parse(last) as Claims;
    throw error;
  }
}

let outbox: Promise<CommandQueue> | undefined;

/**
 * Opens Firestore (its IndexedDB cache and tab lease) and the outbox: what every session needs
 * first, started while Auth is still reading who is signed in when someone probably is.
 */
export function prepareSession(firebase: Firebase) {
  connectFirestore(firebase);
  outbox ??= openCommandQueue();
}

// This chunk, kept for the next load offline, even if the service worker did not yet control this one.
void caches
  .open(LAZY_CHUNKS)
  .then(async (cache) => (await cache.match(import.meta.url)) ?? cache.add(import.meta.url))
  .catch(() => undefined);

export async function startSession(user: User, firebase: Firebase): Promise<Session> {
  const app = byId('app');
  const leave = () => {
    app.replaceChildren();
    app.hidden = true;
  };
  // Signed out while this session was still starting: it shows nothing.
  const gone = () => firebase.auth.currentUser?.uid !== user.uid;
  // Firestore and the outbox open while the claims are read: none waits for the other.
  const claims = claimsOf(user);
  const db = connectFirestore(firebase);
  const opening = (outbox ??= openCommandQueue());
  const { tenant, roles } = await claims;
  if (gone()) return { close: leave };
  byId('who-name').textContent =
    `${user.email ?? user.uid} · ${tenant ?? 'no tenant'} · ${roles.join(', ') || 'no roles'}`;
  if (!tenant) {
    const note = document.createElement('p');
    note.className = 'card';
    note.textContent =
      'This account belongs to no tenant yet: an operator gives it one (npx firebase-event-store set-claims).';
    app.replaceChildren(note);
    app.hidden = false;
    return { close: leave };
  }
  app.replaceChildren(fromTemplate('app-template'));
  app.hidden = false;
  byId('tenant').textContent = tenant;

  const api = createApi(() => firebase.auth.currentUser);
  const queue = await opening;
  if (gone()) {
    leave();
    return { close: leave };
  }
  // The panel hears what became of each command it queued; the sender is made after it.
  const drain = () => sender.drain(user.uid);
  const panel = mountCalculator({ db, tenant, uid: user.uid, queue, drain });
  const sender = createSender(queue, api, panel, tracing);
  const stopCount = watchEventCount(
    db,
    tenant,
    (count) => {
      byId('event-count').textContent = String(count?.eventCount ?? 0);
      const names = Object.entries(count?.byName ?? {}).sort(([a], [b]) => a.localeCompare(b));
      byId('by-name').replaceChildren(
        ...(names.length
          ? names.map(([name, n]) => cell('li', `${name}: ${n}`))
          : [emptyRow('li', 'No events yet: every key you press is one.')]),
      );
    },
    () => undefined,
  );
  const operatorConsole = roles.includes('admin') ? startConsole(api) : undefined;
  const online = () => void drain();
  window.addEventListener('online', online);
  void drain();
  return {
    close: () => {
      sender.stop();
      panel.close();
      stopCount();
      operatorConsole?.close();
      window.removeEventListener('online', online);
      leave();
    },
  };
}
