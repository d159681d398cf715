import { z } from 'zod';
import { createDocument, type oas31, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import type { AggregateRegistry, CommandRoute } from '@firebase-event-store/kernel';
import { CommandEnvelope, ERROR_CODES } from '@firebase-event-store/kernel';
import { STATUS_BY_CODE } from './problem.js';

const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    instance: z.string(),
    code: z.enum(ERROR_CODES),
    requestId: z.string(),
    errors: z.array(z.object({ pointer: z.string(), detail: z.string() })).optional(),
    rule: z.string().optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem document' });

const EventMeta = z
  .object({
    actor: z.object({ id: z.string(), name: z.string() }),
    command: z.string(),
    correlationId: z.string(),
    causationId: z.string().nullable(),
  })
  .meta({ id: 'EventMeta' });

/** The events of an aggregate, each with the data schema of its name. */
function committedEvents(route: CommandRoute) {
  const events = Object.entries(route.aggregate.events).map(([name, data]) =>
    z.object({
      id: z.string(),
      tenant: z.string(),
      type: z.literal(route.aggregate.type),
      aggregateId: z.string(),
      version: z.int(),
      name: z.literal(name),
      data,
      eventVersion: z.int().min(1),
      committedAt: z.iso.datetime(),
      position: z.int().nullable(),
      meta: EventMeta,
    }),
  );
  return z.array(events.length === 1 ? events[0]! : z.union(events));
}

const problems = (...codes: (keyof typeof STATUS_BY_CODE)[]) =>
  Object.fromEntries(
    [...new Set(codes.map((code) => STATUS_BY_CODE[code]))].map((status) => [
      String(status),
      {
        description: codes.filter((code) => STATUS_BY_CODE[code] === status).join(', '),
        content: { 'application/problem+json': { schema: Problem } },
      },
    ]),
  );

function operation(route: CommandRoute): ZodOpenApiOperationObject {
  const { payload, roles } = route.command;
  const body = payload instanceof z.ZodObject ? payload.extend(CommandEnvelope.shape).strict() : payload;
  return {
    operationId: route.name,
    summary: `${route.name} (${route.aggregate.type})`,
    description: roles ? `Needs one of the roles: ${roles.join(', ')}.` : 'Any user of the tenant.',
    security: [{ firebase: [] }],
    requestParams: {
      header: z.object({
        'If-Match': z.string().optional().meta({ description: 'The version the client last saw, as "<version>"' }),
        'Idempotency-Key': z.string().max(255).optional().meta({ description: 'Makes the command safe to retry' }),
      }),
    },
    requestBody: { required: true, content: { 'application/json': { schema: body } } },
    responses: {
      '200': {
        description: 'Committed (or, with Idempotent-Replayed: true, committed by an earlier request with this key)',
        headers: z.object({ ETag: z.string().meta({ description: 'The new version, as "<version>"' }) }),
        content: {
          'application/json': {
            schema: z.object({
              aggregateType: z.literal(route.aggregate.type),
              aggregateId: z.string(),
              version: z.int(),
              events: committedEvents(route),
              state: route.aggregate.state,
            }),
          },
        },
      },
      ...problems(
        'INVALID_ARGUMENT',
        'UNAUTHENTICATED',
        'FORBIDDEN',
        'NOT_FOUND',
        'PRECONDITION',
        'CONCURRENCY',
        'VERSION_MISMATCH',
        'PAYLOAD_TOO_LARGE',
        'UNSUPPORTED_MEDIA_TYPE',
        'IDEMPOTENCY_MISMATCH',
        'INTERNAL',
        'UNAVAILABLE',
      ),
    },
  };
}

/** OpenAPI 3.1 for every command, from the same zod schemas that validate them. */
export function openApiDocument(registry: AggregateRegistry): oas31.OpenAPIObject {
  const paths: ZodOpenApiPathsObject = Object.fromEntries(
    registry.commands.map((route) => [`/commands/${route.name}`, { post: operation(route) }]),
  );
  return createDocument({
    openapi: '3.1.0',
    info: { title: 'Event store command API', version: '1.0.0' },
    components: {
      securitySchemes: {
        firebase: { type: 'http', scheme: 'bearer', bearerFormat: 'Firebase Auth ID token' },
      },
    },
    paths,
  });
}
