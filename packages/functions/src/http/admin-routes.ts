import express, { type Request, type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import {
  Err,
  SubjectId,
  upcastFrom,
  type Actor,
  type AggregateRegistry,
  type CommandHandler,
  type CommittedEvent,
  type EventStore,
  type ForgetReport,
  type StreamReader,
} from '@firebase-event-store/kernel';
import { parseAggregateId, parseInput } from '@firebase-event-store/kernel/internal';
import { required } from './request-context.js';
import { NoQuery, queryOf } from './strict-query.js';

/** The role a user needs, in their own tenant, for every `/admin/...` route. */
export const ADMIN_ROLE = 'admin';
/** Most events one page of `GET /admin/streams/{type}/{id}/events` returns. */
export const MAX_PAGE = 200;

export interface AdminDependencies {
  readonly registry: AggregateRegistry;
  readonly handler: Pick<CommandHandler, 'load'>;
  readonly store: Pick<EventStore, 'readStream'>;
  readonly reader: Pick<StreamReader, 'lag' | 'deadLetters' | 'release' | 'rebuild' | 'poll'>;
  /**
   * Forgets a data subject of the actor's tenant (`forgetSubject` over the deployment's store
   * and keys). Without it there is no `/admin/subjects/...` route.
   */
  readonly forget?: (actor: Actor, subject: string) => Promise<ForgetReport>;
  /** How long a release waits for the handler to run on (default 10 s; the function's timeout is 30 s). */
  readonly runForMs?: number;
  readonly now?: () => number;
}

// Numbers as the strict query parser hands them over: only plain decimal digits become numbers.
const Position = z.int().min(0).max(Number.MAX_SAFE_INTEGER);
export const EventsQuery = z.strictObject({
  from: Position.min(1).default(1),
  limit: z.int().min(1).max(MAX_PAGE).default(50),
});
export const StateQuery = z.strictObject({ version: Position.optional() });
export const ReleaseBody = z.strictObject({ skip: z.boolean().default(false) });
export const EmptyBody = z.strictObject({});
const HANDLER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,99}$/;

/** The actor of an admin request: signed in (authenticate ran), and an admin of its tenant. */
function admin(res: Parameters<RequestHandler>[1]): Actor {
  const actor = required(res, 'actor');
  if (!actor.roles.includes(ADMIN_ROLE)) throw Err.forbidden(`The operator routes need the role ${ADMIN_ROLE}`);
  return actor;
}

const handlerName = (req: Request): string => {
  const name = String(req.params.handler);
  if (!HANDLER_NAME.test(name)) throw Err.notFound(`No event handler named ${name}`);
  return name;
};

/** JSON without express's freshness checks, and never cached: the data is live and per user. */
const send = (res: Parameters<RequestHandler>[1], body: unknown) =>
  void res
    .writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
    .end(JSON.stringify(body));

/**
 * The operator console's API, for users with the `admin` role, always in their own tenant (the
 * token's): an aggregate's events (upcast, paged) and its state at any version, each handler's
 * lag, the dead letters, releasing or skipping one, a projection rebuild, and forgetting a data
 * subject (crypto-shredding their personal data). Clients never read events through the
 * security rules; this is the one way they see them.
 */
export function adminRoutes(deps: AdminDependencies, jsonBody: RequestHandler): Router {
  const router = express.Router({ caseSensitive: true, strict: true });
  const { now = Date.now, runForMs = 10_000 } = deps;
  const upcast = upcastFrom<CommittedEvent>([...deps.registry.aggregates]);
  const streamOf = (req: Request, actor: Actor) => {
    const type = String(req.params.type);
    if (!deps.registry.aggregate(type)) throw Err.notFound(`Unknown aggregate type ${type}`);
    return { tenant: actor.tenant, type, id: parseAggregateId(String(req.params.id)) };
  };

  router.get('/streams/:type/:id/events', async (req, res) => {
    const actor = admin(res);
    const stream = streamOf(req, actor);
    const { from, limit } = queryOf(req, EventsQuery);
    const events: CommittedEvent[] = [];
    const page = deps.store.readStream(stream, { fromVersion: from, toVersion: from + limit - 1, pageSize: limit });
    for await (const event of page) events.push(upcast(event));
    const next = events.length === limit ? from + limit : null;
    send(res, { type: stream.type, id: stream.id, events, next });
  });

  router.get('/streams/:type/:id/state', async (req, res) => {
    const actor = admin(res);
    const stream = streamOf(req, actor);
    const { version } = queryOf(req, StateQuery);
    const rebuilt = await deps.handler.load(actor, stream.type, stream.id, version);
    // A replay stops at the stream's end, so a version past it would come back as the last one.
    if (version !== undefined && rebuilt.version !== version) {
      throw Err.notFound(`${stream.type} ${stream.id} has no version ${version} (it is at ${rebuilt.version})`);
    }
    send(res, { type: stream.type, id: stream.id, ...rebuilt });
  });

  router.get('/readers', async (req, res) => {
    const { tenant } = admin(res);
    queryOf(req, NoQuery);
    send(res, { readers: await deps.reader.lag(tenant) });
  });

  router.get('/dead-letters', async (req, res) => {
    const { tenant } = admin(res);
    queryOf(req, NoQuery);
    send(res, { deadLetters: await deps.reader.deadLetters(tenant) });
  });

  router.post('/readers/:handler/release', jsonBody, async (req, res) => {
    const { tenant } = admin(res);
    const handler = handlerName(req);
    queryOf(req, NoQuery);
    const { skip } = parseInput(ReleaseBody, req.body, 'body');
    await deps.reader.release(tenant, handler, { skip });
    // Run on now rather than at the next event or scheduled run, so the console sees the result.
    const runs = await deps.reader.poll(tenant, { deadline: now() + runForMs });
    send(res, { handler, skip, run: runs.find((run) => run.handler === handler) ?? null });
  });

  router.post('/readers/:handler/rebuild', jsonBody, async (req, res) => {
    const { tenant } = admin(res);
    const handler = handlerName(req);
    queryOf(req, NoQuery);
    parseInput(EmptyBody, req.body, 'body');
    send(res, await deps.reader.rebuild(tenant, handler));
  });

  const { forget } = deps;
  if (forget) {
    router.post('/subjects/:subject/forget', jsonBody, async (req, res) => {
      const actor = admin(res);
      const subject = parseInput(SubjectId, req.params.subject, 'subject');
      queryOf(req, NoQuery);
      parseInput(EmptyBody, req.body, 'body');
      send(res, await forget(actor, subject));
    });
  }
  return router;
}
