import { z } from 'zod';
import { ERROR_CODES } from '@firebase-event-store/kernel';
import { STATUS_BY_CODE } from './problem.js';

/** What every route's document shares: the problem document and the events' metadata. */
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

export const EventMeta = z
  .object({
    actor: z.object({ id: z.string(), name: z.string() }),
    command: z.string(),
    correlationId: z.string(),
    causationId: z.string().nullable(),
    traceparent: z
      .string()
      .optional()
      .describe('W3C trace context of the commit, when it ran in an OpenTelemetry span (docs/tracing.md)'),
  })
  .meta({ id: 'EventMeta' });

/** The problem responses of the codes a route can answer with, grouped by status. */
export const problems = (...codes: (keyof typeof STATUS_BY_CODE)[]) =>
  Object.fromEntries(
    [...new Set(codes.map((code) => STATUS_BY_CODE[code]))].map((status) => [
      String(status),
      {
        description: codes.filter((code) => STATUS_BY_CODE[code] === status).join(', '),
        content: { 'application/problem+json': { schema: Problem } },
      },
    ]),
  );
