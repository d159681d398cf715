/**
 * The one place that knows the concrete adapters: Firestore through firebase-admin (the
 * deployment's store, `createDeployment`, shared with the operator tools), Google's
 * token keys (or the Auth emulator's unsigned tokens, inside the emulator only), the Auth
 * service for revocation, App Check, and the deployment's configuration. A project passes its
 * catalog and exports what comes back:
 *
 *   export const { api, onEventCreated, readPending } = createFunctions(catalog);
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getApps, initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { setGlobalOptions } from 'firebase-functions';
import { onRequest, type HttpsOptions } from 'firebase-functions/v2/https';
import { createSnapshotCache, type Catalog } from '@firebase-event-store/kernel';
import { apiConfig, readConfig, REGION, UNIQUE_SECRET, uniqueSecretOf, usesDefaultUniqueSecret } from './config.js';
import { createDeployment } from './deployment.js';
import { authEmulatorMode } from './http/auth/emulator-id-token.js';
import { writeLog } from './structured-log.js';
import { startTracing } from './tracing/tracing.js';
import { eventCreatedTrigger } from './triggers/event-created-trigger.js';
import { scheduledReader } from './triggers/scheduled-reader.js';

export interface FunctionsOptions {
  /**
   * Options of the `api` function, over these: one instance serves up to 80 requests at once (a
   * command mostly waits on Firestore, and concurrency needs a whole CPU), 512 MiB, and 30 s, a
   * generous ceiling for a command that answers within about 10 s even when Firestore stalls.
   * Set `minInstances` here when a first request after a quiet spell must not pay a cold start.
   */
  readonly api?: HttpsOptions;
}

/** The deployment's three functions, for the catalog's aggregates and event handlers. */
export function createFunctions(catalog: Catalog, options: FunctionsOptions = {}) {
  // Both throw, so the function refuses to start (and a deploy stops, as firebase-tools loads
  // the code to find the functions): on malformed configuration, and on the Auth emulator
  // configured outside the emulator.
  readConfig();
  // The OpenTelemetry SDK, when an exporter is configured (tracing/trace-exporters.ts): its import
  // starts now, and every function waits for it before its first span.
  const tracing = startTracing();
  const emulator = authEmulatorMode(process.env);
  const inFunctionsEmulator = process.env.FUNCTIONS_EMULATOR === 'true';
  const projectId = process.env.GCLOUD_PROJECT ?? process.env.GOOGLE_CLOUD_PROJECT;
  if (!projectId) throw new Error('No project id: GCLOUD_PROJECT is not set');

  /** Every function in one region, that of the Firestore database (functions/.env: REGION). */
  setGlobalOptions({ region: REGION });

  const app = getApps()[0] ?? initializeApp();
  const db = getFirestore(app);
  db.settings({ ignoreUndefinedProperties: true });

  // The unique-value key, mounted by Cloud Functions from Secret Manager into every function that
  // sends commands; not there while firebase-tools discovers the functions (nothing runs then).
  const discovering = process.env.FUNCTIONS_CONTROL_API === 'true';
  const uniqueSecret = discovering ? undefined : uniqueSecretOf(projectId);
  const secrets = usesDefaultUniqueSecret(projectId) ? [] : [UNIQUE_SECRET];
  const { store, registry, handler, reader, forget } = createDeployment(db, catalog, {
    projectId,
    cache: createSnapshotCache(),
    ...(uniqueSecret !== undefined && { uniqueSecret }),
  });

  /**
   * The HTTP side (express, its middleware, the token verifiers) is imported and built on the
   * API's first request: every function's instance loads the code, and the triggers' instances
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
    return createApp({
      handler,
      registry,
      admin: { store, reader, forget },
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
        check: revocation.createRevocationCheck({ lookUp: revocation.firebaseUserStatus(getAuth(app)) }),
      },
      ...(config.requireAppCheck && {
        verifyAppCheck: appCheck.firebaseAppCheckVerifier(async (token) => {
          const { getAppCheck } = await import('firebase-admin/app-check');
          return getAppCheck(app).verifyToken(token);
        }),
      }),
      log: writeLog,
      ...(inFunctionsEmulator && { health: { node: process.version } }),
    });
  }
  let httpApp: ReturnType<typeof createApi> | undefined;
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    await tracing;
    (await (httpApp ??= createApi()))(req, res);
  };

  return {
    /** The command API: `POST /commands/:name` with a Firebase ID token. */
    api: onRequest(
      {
        invoker: 'public',
        cors: false,
        concurrency: 80,
        cpu: 1,
        memory: '512MiB',
        timeoutSeconds: 30,
        secrets,
        ...options.api,
      },
      serve,
    ),
    /** Wakes the tenant's reader when an event is committed. */
    onEventCreated: eventCreatedTrigger(reader, secrets),
    /** The safety net and the workflows' clock: every minute, every tenant with pending work, then the due timers. */
    readPending: scheduledReader(reader, secrets),
  };
}
