import { SpanStatusCode, trace, type Attributes, type Span, type SpanOptions } from '@opentelemetry/api';

/**
 * The functions' tracer, asked for at each span: a tracer got before the SDK registered its
 * provider (tracing.ts starts it after this module loads) stays the API's no-op for good.
 */
export const tracer = () => trace.getTracer('@firebase-event-store/functions');

/**
 * What a span may say of an error: its code, never its message. A message may quote what the
 * request carried (a claim, a field's value), and spans leave the project for a trace store.
 */
export function markFailed(span: Span, error: unknown) {
  const { code } = (error ?? {}) as { code?: unknown };
  const type = typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown';
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
  span.setAttribute('error.type', type);
}

/** Runs `work` as the active span `name`, which ends with it and is marked failed if it throws. */
export function inSpan<T>(
  name: string,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
  options: SpanOptions = {},
): Promise<T> {
  return tracer().startActiveSpan(
    name,
    { ...options, attributes: { ...options.attributes, ...attributes } },
    async (span) => {
      try {
        return await work(span);
      } catch (error) {
        markFailed(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
