/**
 * The one place that knows the concrete adapters: Firestore through firebase-admin, Google's
 * token keys (or the Auth emulator's unsigned tokens, inside the emulator only), the Auth
 * service for revocation, App Check, the aggregates of this deployment, and its configuration.
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
import { apiConfig, readConfig } from './config.js';
import { authEmulatorMode } from './http/auth/emulator-id-token.js';
import { createFirestoreEventStore } from './store/firestore/firestore-event-store.js';

// Both throw, so the function refuses to start (and a deploy stops, as firebase-tools loads this
// file to find the functions): on malformed configuration, and on the Auth emulator configured
// outside the emulator.
readConfig();
const emulator = authEmulatorMode(process.env);
const inFunctionsEmulator = process.env.FUNCTIONS_EMULATOR === 'true';
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
  const config = apiConfig();
  const [{ createApp }, idTokens, { createFirebaseIdTokenVerifier }, keySet, appCheck, revocation, { getAuth }] =
    await Promise.all([
      import('./http/create-app.js'),
      import('./http/auth/emulator-id-token.js'),
      import('./http/auth/firebase-id-token.js'),
      import('./http/auth/remote-key-set.js'),
      import('./http/auth/app-check.js'),
      import('./http/auth/revocation.js'),
      import('firebase-admin/auth'),
    ]);
  const auth = getAuth(app);
  return createApp({
    handler,
    registry,
    verifyIdToken: emulator
      ? idTokens.createEmulatorIdTokenVerifier({ projectId: projectId! })
      : createFirebaseIdTokenVerifier({
          projectId: projectId!,
          keys: keySet.remoteKeySet(keySet.GOOGLE_SECURETOKEN_KEYS),
        }),
    allowedOrigins: config.allowedOrigins,
    allowLoopbackOrigins: inFunctionsEmulator,
    maxBodyBytes: config.maxBodyBytes,
    revocation: {
      policy: config.checkRevoked,
      check: revocation.createRevocationCheck({ lookUp: revocation.firebaseUserStatus(auth) }),
    },
    ...(config.requireAppCheck && {
      verifyAppCheck: appCheck.firebaseAppCheckVerifier(async (token) => {
        const { getAppCheck } = await import('firebase-admin/app-check');
        return getAppCheck(app).verifyToken(token);
      }),
    }),
    log: (entry) => logger.write(entry),
    ...(inFunctionsEmulator && { health: { node: process.version } }),
  });
}
let httpApp: ReturnType<typeof createApi> | undefined;
export const api = async (req: IncomingMessage, res: ServerResponse): Promise<void> =>
  void (await (httpApp ??= createApi()))(req, res);

export const reader = createStreamReader({ store, handlers, newId: randomUUID });
