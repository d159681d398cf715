import { randomUUID } from 'node:crypto';
import cors from 'cors';
import express, { type Express } from 'express';
import type { AggregateRegistry, CommandHandler } from '@firebase-event-store/kernel';
import { Err } from '@firebase-event-store/kernel';
import { requireAppCheck, type VerifyAppCheckToken } from './auth/app-check.js';
import { authenticate, type Revocation } from './auth/authenticate.js';
import type { VerifyIdToken } from './auth/id-token.js';
import type { CheckNotRevoked, RevocationPolicy } from './auth/revocation.js';
import { adminRoutes, type AdminDependencies } from './admin-routes.js';
import { commandRoute, methodNotAllowed } from './command-route.js';
import { jsonBody } from './json-body.js';
import { openApiDocument } from './openapi.js';
import { problemHandler, type Logger } from './problem.js';
import { startContext } from './request-context.js';
import { commandAttribute, requestSpan } from './request-span.js';
import { noQuery } from './strict-query.js';

export interface HttpDependencies {
  readonly handler: CommandHandler;
  readonly registry: AggregateRegistry;
  readonly verifyIdToken: VerifyIdToken;
  /** Origins of the PWAs allowed to call from a browser; no others get CORS headers. */
  readonly allowedOrigins: readonly string[];
  /**
   * Also allow any `http://localhost:<port>` or `http://127.0.0.1:<port>` origin: a PWA's dev
   * server. For the emulator only; a deployment never sets it.
   */
  readonly allowLoopbackOrigins?: boolean;
  /** Largest request body, in bytes (default 64 KiB). */
  readonly maxBodyBytes?: number;
  /** Refuse ID tokens of revoked or disabled users: on every command, those that need a role, or never (default). */
  readonly revocation?: { readonly policy: RevocationPolicy; readonly check: CheckNotRevoked };
  /** Require a valid App Check token on every command (off when absent). */
  readonly verifyAppCheck?: VerifyAppCheckToken;
  /**
   * The operator console's routes, `/admin/...` (role `admin`, the caller's tenant): the store to
   * read streams from, the stream reader, and forgetting data subjects. Without it there are no
   * admin routes.
   */
  readonly admin?: Pick<AdminDependencies, 'store' | 'reader' | 'forget' | 'runForMs' | 'now'>;
  readonly log: Logger;
  readonly newRequestId?: () => string;
  /** Added to `GET /healthz`'s answer (the emulator names the Node.js it runs on; a deployment adds nothing). */
  readonly health?: Readonly<Record<string, string>>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const LOOPBACK_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\]):[0-9]{1,5}$/;

/**
 * The command API as an express app, built from its dependencies: nothing here knows
 * Firestore. request -> its span -> request id -> CORS -> App Check -> authenticate -> body ->
 * command -> response. Every route answers at `/...` (the function's own URL) and at `/api/...` (Firebase
 * Hosting's rewrite of `/api/**` passes the whole path on).
 */
export function createApp(deps: HttpDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  // `/API/commands/...` is not `/api/commands/...`, nor `/commands/x/` `/commands/x`.
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  // Every route reads its query through `queryOf` (strict-query.ts), never express's lenient parser.
  app.set('query parser', false);
  app.set('etag', false); // ETag is the aggregate's version, set by the command route
  const newRequestId = deps.newRequestId ?? randomUUID;
  // Built on first request, not at start-up: every cold start of the function would pay for it.
  let openapi: ReturnType<typeof openApiDocument> | undefined;

  app.use(requestSpan);
  app.use((req, res, next) => {
    const given = req.header('X-Request-Id');
    const requestId = given && REQUEST_ID.test(given) ? given : newRequestId();
    res.setHeader('X-Request-Id', requestId);
    startContext(res, requestId);
    next();
  });
  const allowed = (origin: string) =>
    deps.allowedOrigins.includes(origin) || (deps.allowLoopbackOrigins === true && LOOPBACK_ORIGIN.test(origin));
  const corsHeaders = cors({
    origin: (origin, allow) => allow(null, origin !== undefined && allowed(origin)),
    methods: ['GET', 'POST'],
    allowedHeaders: [
      'Authorization',
      'Content-Type',
      'If-Match',
      'Idempotency-Key',
      'X-Request-Id',
      'X-Firebase-AppCheck',
      // W3C trace context: the PWA's span that made the request (request-span.ts).
      'traceparent',
      'tracestate',
    ],
    exposedHeaders: ['ETag', 'Idempotent-Replayed', 'X-Request-Id', 'Retry-After'],
    maxAge: 600,
  });
  // Only browsers send Origin; server-to-server calls skip the CORS work entirely.
  app.use((req, res, next) => (req.headers.origin === undefined ? next() : corsHeaders(req, res, next)));

  const { policy = 'never', check } = deps.revocation ?? {};
  const revocation: Revocation | undefined = check && {
    check,
    appliesTo: (req) =>
      policy === 'always' ||
      (policy === 'roles' && (deps.registry.command(String(req.params.name))?.command.roles?.length ?? 0) > 0),
  };
  // Every admin route needs a role: under 'roles' as under 'always', its token is checked.
  const adminRevocation: Revocation | undefined =
    check && policy !== 'never' ? { check, appliesTo: () => true } : undefined;
  const body = jsonBody(deps.maxBodyBytes ?? 64 * 1024);
  const routes = express.Router({ caseSensitive: true, strict: true });
  routes.get('/healthz', noQuery, (_req, res) => void res.json({ status: 'ok', ...deps.health }));
  routes.get(
    '/openapi.json',
    noQuery,
    (_req, res) => void res.json((openapi ??= openApiDocument(deps.registry, { admin: deps.admin !== undefined }))),
  );
  routes.post(
    '/commands/:name',
    commandAttribute((name) => deps.registry.command(name) !== undefined),
    ...(deps.verifyAppCheck ? [requireAppCheck(deps.verifyAppCheck)] : []),
    authenticate(deps.verifyIdToken, revocation),
    noQuery,
    body,
    commandRoute(deps.handler),
  );
  routes.all('/commands/:name', methodNotAllowed);
  if (deps.admin) {
    routes.use(
      '/admin',
      ...(deps.verifyAppCheck ? [requireAppCheck(deps.verifyAppCheck)] : []),
      authenticate(deps.verifyIdToken, adminRevocation),
      adminRoutes({ ...deps.admin, registry: deps.registry, handler: deps.handler }, body),
    );
  }
  app.use('/api', routes);
  app.use(routes);
  app.use(() => {
    throw Err.notFound('No such route');
  });
  app.use(problemHandler(deps.log));
  return app;
}
