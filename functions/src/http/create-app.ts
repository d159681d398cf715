import { randomUUID } from 'node:crypto';
import cors from 'cors';
import express, { type Express } from 'express';
import type { AggregateRegistry } from '../application/aggregate-registry.js';
import type { CommandHandler } from '../application/command-handler.js';
import { Err } from '../domain/err.js';
import { authenticate } from './auth/authenticate.js';
import type { VerifyIdToken } from './auth/id-token.js';
import { commandRoute, methodNotAllowed } from './command-route.js';
import { jsonBody } from './json-body.js';
import { openApiDocument } from './openapi.js';
import { problemHandler, type Logger } from './problem.js';

export interface HttpDependencies {
  readonly handler: CommandHandler;
  readonly registry: AggregateRegistry;
  readonly verifyIdToken: VerifyIdToken;
  /** Origins of the PWAs allowed to call from a browser; no others get CORS headers. */
  readonly allowedOrigins: readonly string[];
  /** Largest request body, in bytes (default 64 KiB). */
  readonly maxBodyBytes?: number;
  readonly log: Logger;
  readonly newRequestId?: () => string;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The command API as an express app, built from its dependencies: nothing here knows
 * Firestore. request -> request id -> CORS -> authenticate -> body -> command -> response.
 */
export function createApp(deps: HttpDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // ETag is the aggregate's version, set by the command route
  const newRequestId = deps.newRequestId ?? randomUUID;
  // Built on first request, not at start-up: every cold start of the function would pay for it.
  let openapi: ReturnType<typeof openApiDocument> | undefined;

  app.use((req, res, next) => {
    const given = req.header('X-Request-Id');
    res.setHeader('X-Request-Id', given && REQUEST_ID.test(given) ? given : newRequestId());
    next();
  });
  const corsHeaders = cors({
    origin: (origin, allow) => allow(null, origin !== undefined && deps.allowedOrigins.includes(origin)),
    methods: ['POST'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Request-Id'],
    exposedHeaders: ['ETag', 'Idempotent-Replayed', 'X-Request-Id'],
    maxAge: 600,
  });
  // Only browsers send Origin; server-to-server calls skip the CORS work entirely.
  app.use((req, res, next) => (req.headers.origin === undefined ? next() : corsHeaders(req, res, next)));
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/openapi.json', (_req, res) => void res.json((openapi ??= openApiDocument(deps.registry))));
  app.post(
    '/commands/:name',
    authenticate(deps.verifyIdToken),
    jsonBody(deps.maxBodyBytes ?? 64 * 1024),
    commandRoute(deps.handler),
  );
  app.all('/commands/:name', methodNotAllowed);
  app.use(() => {
    throw Err.notFound('No such route');
  });
  app.use(problemHandler(deps.log));
  return app;
}
