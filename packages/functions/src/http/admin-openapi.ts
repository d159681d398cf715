import { z } from 'zod';
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from 'zod-openapi';
import { SubjectForgottenSchema, SubjectId, type AggregateRegistry } from '@firebase-event-store/kernel';
import { EmptyBody, EventsQuery, ReleaseBody, StateQuery } from './admin-routes.js';
import { EventMeta, problems } from './openapi-parts.js';

const Failure = z
  .object({ position: z.int(), eventId: z.string(), attempts: z.int(), error: z.string() })
  .meta({ id: 'HandlerFailure' });
const HandlerRun = z
  .object({
    tenant: z.string(),
    handler: z.string(),
    status: z.enum(['caught-up', 'busy', 'blocked', 'failed', 'dead-lettered', 'lease-lost', 'out-of-time', 'error']),
    from: z.int(),
    to: z.int(),
    error: z.string().optional(),
  })
  .meta({ id: 'HandlerRun' });

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** Every admin route: the role, then what goes wrong the same way on each. */
const admin = (
  operationId: string,
  summary: string,
  ok: ReturnType<typeof json>,
  extra: Partial<ZodOpenApiOperationObject> = {},
): ZodOpenApiOperationObject => ({
  operationId,
  summary,
  description: 'Needs the role admin; always in the tenant of the caller’s token.',
  tags: ['admin'],
  security: [{ firebase: [] }],
  ...extra,
  responses: {
    '200': ok,
    ...problems('INVALID_ARGUMENT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INTERNAL', 'UNAVAILABLE'),
  },
});

/** The operator console's routes, documented from the same zod schemas that check their input. */
export function adminPaths(registry: AggregateRegistry): ZodOpenApiPathsObject {
  const stream = z.object({
    type: z.enum(registry.aggregates.map((aggregate) => aggregate.type) as [string, ...string[]]),
    id: z.string(),
  });
  const Event = z.object({
    id: z.string(),
    tenant: z.string(),
    type: z.string(),
    aggregateId: z.string(),
    version: z.int(),
    name: z.string(),
    data: z.record(z.string(), z.unknown()),
    eventVersion: z.int(),
    committedAt: z.iso.datetime(),
    position: z.int().nullable(),
    meta: EventMeta,
  });
  const handlerPath = { path: z.object({ handler: z.string() }) };
  return {
    '/admin/streams/{type}/{id}/events': {
      get: admin(
        'adminStreamEvents',
        'A page of an aggregate’s events, upcast to today’s definitions',
        json(
          z.object({ type: z.string(), id: z.string(), events: z.array(Event), next: z.int().nullable() }),
          'The page; next is the version to ask for next, or null at the end',
        ),
        { requestParams: { path: stream, query: EventsQuery } },
      ),
    },
    '/admin/streams/{type}/{id}/state': {
      get: admin(
        'adminStreamState',
        'An aggregate’s state rebuilt from its events, up to a version (time travel)',
        json(
          z.object({ type: z.string(), id: z.string(), version: z.int(), state: z.unknown() }),
          'The state at that version',
        ),
        { requestParams: { path: stream, query: StateQuery } },
      ),
    },
    '/admin/readers': {
      get: admin(
        'adminReaders',
        'Each event handler’s position and lag',
        json(
          z.object({
            readers: z.array(
              z.object({
                handler: z.string(),
                position: z.int(),
                head: z.int(),
                events: z.int(),
                seconds: z.number(),
                blocked: z.boolean(),
                failure: Failure.nullable(),
              }),
            ),
          }),
          'One entry per handler',
        ),
      ),
    },
    '/admin/dead-letters': {
      get: admin(
        'adminDeadLetters',
        'The events handlers stopped on',
        json(
          z.object({
            deadLetters: z.array(Failure.extend({ tenant: z.string(), handler: z.string(), at: z.string() })),
          }),
          'Every dead letter of the tenant',
        ),
      ),
    },
    '/admin/readers/{handler}/release': {
      post: admin(
        'adminRelease',
        'Lets a handler stopped on a dead letter go on: retry the event, or skip it for good',
        json(
          z.object({ handler: z.string(), skip: z.boolean(), run: HandlerRun.nullable() }),
          'Released, and the run that followed',
        ),
        { requestParams: handlerPath, requestBody: { content: { 'application/json': { schema: ReleaseBody } } } },
      ),
    },
    '/admin/readers/{handler}/rebuild': {
      post: admin(
        'adminRebuild',
        'Empties a projection’s read model and runs it from the first event',
        json(HandlerRun, 'The rebuild’s run'),
        {
          requestParams: handlerPath,
          requestBody: { content: { 'application/json': { schema: EmptyBody } } },
        },
      ),
    },
    '/admin/subjects/{subject}/forget': {
      post: admin(
        'adminForgetSubject',
        'Forgets a data subject: deletes their key, so their personal fields read as "[forgotten]" everywhere, and rebuilds what held them in plain',
        json(
          SubjectForgottenSchema.extend({ keyId: z.string(), auditVersion: z.int() }).meta({ id: 'SubjectForgotten' }),
          'What was rebuilt; the same data is the audit event DataSubject/{keyId} at auditVersion',
        ),
        {
          requestParams: { path: z.object({ subject: SubjectId }) },
          requestBody: { content: { 'application/json': { schema: EmptyBody } } },
        },
      ),
    },
  };
}
