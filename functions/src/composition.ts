/**
 * The one place that knows the concrete adapters: Firestore through firebase-admin, Google's
 * token keys (or the Auth emulator's unsigned tokens, inside the emulator only), the
 * aggregates of this deployment, and configuration from the environment.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getApps, initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import { createAggregateRegistry } from './application/aggregate-registry.js';
import { aggregates, handlers } from './catalog.js';
import { createCommandHandler } from './application/command-handler.js';
import { createSnapshotCache } from './application/snapshot-cache.js';
import { createStreamReader } from './application/stream-reader.js';
import { authEmulatorMode } from './http/auth/emulator-id-token.js';
import { createFirestoreEventStore } from './store/firestore/firestore-event-store.js';

// Throws, so the function refuses to start, if the Auth emulator is configured outside the emulator.
const emulator = authEmulatorMode(process.env);
const projectId = process.env.GCLOUD_PROJECT ?? process.env.GOOGLE_CLOUD_PROJECT;
if (!projectId) throw new Error('No project id: GCLOUD_PROJECT is not set');

const app = getApps()[0] ?? initializeApp();
const db = getFirestore(app);
db.settings({ ignoreUndefinedProperties: true });

const store = createFirestoreEventStore(db, { projectId });
const registry = createAggregateRegistry(aggregates);
const handler = createCommandHandler({
  store,
  registry,
  newId: randomUUID,
  cache: createSnapshotCache(),
});

/**
 * The HTTP side (express, its middleware, the token verifiers) is imported and built on the
 * API's first request: every function's instance loads this file, and the triggers' instances
 * never serve HTTP, so they do not pay for it at cold start.
 */
async function createApi() {
  const [{ createApp }, { createEmulatorIdTokenVerifier }, { createFirebaseIdTokenVerifier }, keySet] =
    await Promise.all([
      import('./http/create-app.js'),
      import('./http/auth/emulator-id-token.js'),
      import('./http/auth/firebase-id-token.js'),
      import('./http/auth/remote-key-set.js'),
    ]);
  return createApp({
    handler,
    registry,
    verifyIdToken: emulator
      ? createEmulatorIdTokenVerifier({ projectId: projectId! })
      : createFirebaseIdTokenVerifier({
          projectId: projectId!,
          keys: keySet.remoteKeySet(keySet.GOOGLE_SECURETOKEN_KEYS),
        }),
    allowedOrigins: (process.env.ALLOWED_ORIGINS ?? '').split(',').filter(Boolean),
    maxBodyBytes: Number(process.env.MAX_BODY_BYTES ?? 64 * 1024),
    log: (entry) => logger.write(entry),
  });
}
let httpApp: ReturnType<typeof createApi> | undefined;
export const api = async (req: IncomingMessage, res: ServerResponse): Promise<void> =>
  void (await (httpApp ??= createApi()))(req, res);

export const reader = createStreamReader({ store, handlers, newId: randomUUID });
