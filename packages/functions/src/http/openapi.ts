import { z } from 'zod';
import { createDocument, type oas31, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import type { AggregateRegistry, CommandRoute } from '@firebase-event-store/kernel';
import { CommandEnvelope } from '@firebase-event-store/kernel/internal';
import { adminPaths } from './admin-openapi.js';
import { EventMeta, problems } from './openapi-parts.js';

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

/**
 * OpenAPI 3.1 for every command (and, unless `admin` is false, the operator routes), from the
 * same zod schemas that validate them.
 */
export function openApiDocument(registry: AggregateRegistry, { admin = true } = {}): oas31.OpenAPIObject {
  const paths: ZodOpenApiPathsObject = {
    ...Object.fromEntries(registry.commands.map((route) => [`/commands/${route.name}`, { post: operation(route) }])),
    ...(admin && adminPaths(registry)),
  };
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
