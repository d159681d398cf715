import {
  INVALID_SPAN_CONTEXT,
  ProxyTracerProvider,
  SpanStatusCode,
  TraceFlags,
  context,
  isSpanContextValid,
  trace,
  type Attributes,
  type Link,
  type Span,
  type SpanContext,
  type SpanOptions,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import { isAppError } from './err.js';

/**
 * The kernel's spans, through the OpenTelemetry API alone: without an SDK registered every call
 * below is the API's no-op (no span is recorded, nothing is exported). The names are fixed words
 * and code-defined names (a command's, a handler's), never ids or values of a request.
 */
export const TRACER_NAME = '@firebase-event-store/kernel';

/** The attributes the kernel sets: tenants, types and names of code, counts; never a payload value or an actor. */
export const ATTRIBUTES = {
  tenant: 'event_store.tenant',
  command: 'event_store.command',
  aggregateType: 'event_store.aggregate.type',
  version: 'event_store.version',
  events: 'event_store.events',
  handler: 'event_store.handler',
  from: 'event_store.position.from',
  attempt: 'event_store.attempt',
  errorType: 'error.type',
} as const;

// What the API answers when no SDK registered a provider: its no-op provider, and a span of no trace.
const NO_PROVIDER = new ProxyTracerProvider().getDelegate();
const NO_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

// The tracer of the provider registered now, kept while that provider is the global one (a
// provider registered or replaced later is used at once); undefined while none is registered.
let current: { readonly provider: TracerProvider; readonly tracer: Tracer } | undefined;
function tracer(): Tracer | undefined {
  const provider = trace.getTracerProvider();
  if (provider instanceof ProxyTracerProvider && provider.getDelegate() === NO_PROVIDER) return undefined;
  if (current?.provider !== provider) current = { provider, tracer: provider.getTracer(TRACER_NAME) };
  return current.tracer;
}

/**
 * Runs `work` inside a new active span: its children and any event committed meanwhile belong
 * to it. A failure sets the status ERROR and `error.type` to the error's code (an `AppError`) or
 * class name: never its message, which may quote the input (a field's value in a validation
 * error), nor its stack. Without an SDK, `work` runs as it is, with a span that records nothing:
 * no span made, no context switch, no wrapping (the cost of tracing off: one check).
 */
export function inSpan<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  const span = tracer()?.startSpan(name, options);
  if (!span) {
    // Not an async wrapper (it costs a command about 3 % of the kernel's CPU, measured in memory):
    // a `work` that throws at once still answers a rejected promise, with what it threw.
    try {
      return work(NO_SPAN);
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- rethrown as it was thrown
      return Promise.reject(error);
    }
  }
  return context.with(trace.setSpan(context.active(), span), async () => {
    try {
      return await work(span);
    } catch (error) {
      failed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Marks a span failed with the error's code or class name (see `inSpan`). */
export function failed(span: Span, error: unknown): void {
  const type = isAppError(error) ? error.code : error instanceof Error ? error.name : 'unknown';
  span.setAttribute(ATTRIBUTES.errorType, type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
}

/** The active span's context as a W3C `traceparent` (`00-{trace id}-{span id}-{flags}`), if one is active. */
export function activeTraceparent(): string | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  if (!context || !isSpanContextValid(context)) return undefined;
  const flags = (context.traceFlags & TraceFlags.SAMPLED).toString(16).padStart(2, '0');
  return `00-${context.traceId}-${context.spanId}-${flags}`;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The span context a stored `traceparent` names, or undefined for one absent or malformed. */
export function spanContextOf(traceparent: string | undefined): SpanContext | undefined {
  const match = traceparent === undefined ? null : TRACEPARENT.exec(traceparent);
  if (!match) return undefined;
  const context = { traceId: match[1]!, spanId: match[2]!, traceFlags: parseInt(match[3]!, 16), isRemote: true };
  return isSpanContextValid(context) ? context : undefined;
}

/**
 * The most links one span of the reader gets. A page or a step of the projections holds up to a
 * page of events (200 by default) of as many requests: a link per request would make every such
 * span as large as its page (the SDK's own default limit is 128 links, and backends drop or
 * truncate more). 32 keep the first requests of a page findable from it, and each of its
 * events' own trace names the command that committed it; `event_store.links.dropped` counts the rest.
 */
export const MAX_LINKS = 32;

/** Links to the contexts of events' `traceparent`s, each once, at most `MAX_LINKS`. */
export function linksTo(traceparents: Iterable<string | undefined>): { links: Link[]; dropped: number } {
  const seen = new Set<string>();
  const links: Link[] = [];
  let dropped = 0;
  for (const traceparent of traceparents) {
    if (traceparent === undefined || seen.has(traceparent)) continue;
    seen.add(traceparent);
    const context = spanContextOf(traceparent);
    if (!context) continue;
    if (links.length < MAX_LINKS) links.push({ context });
    else dropped++;
  }
  return { links, dropped };
}

/** Adds links to a span already started (a step's events are read inside it), up to `MAX_LINKS` in all. */
export function addLinksTo(span: Span, already: Set<string>, traceparents: Iterable<string | undefined>): void {
  for (const traceparent of traceparents) {
    if (traceparent === undefined || already.has(traceparent)) continue;
    const context = spanContextOf(traceparent);
    if (!context) continue;
    already.add(traceparent);
    if (already.size <= MAX_LINKS) span.addLink({ context });
  }
  if (already.size > MAX_LINKS) span.setAttribute('event_store.links.dropped', already.size - MAX_LINKS);
}

export type { Attributes };
