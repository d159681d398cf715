import { context, propagation, SpanKind, SpanStatusCode, trace, type Context } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { WebTracerProvider } from '@opentelemetry/sdk-trace-web';
import type { BrowserTracing } from './tracing.js';

/** The W3C `traceparent` of a context (the provider registers the W3C propagator). */
function traceparentOf(within: Context): string {
  const carrier: Record<string, string> = {};
  propagation.inject(within, carrier);
  return carrier.traceparent!;
}

/**
 * The web SDK (OTLP/HTTP in JSON to `collector`), started once the build asks for it. Spans
 * name the command and never what the user typed: no field of a body, no token. Contexts are
 * passed by hand (no zone.js): a press's traceparent is data, stored in the outbox with its
 * command, and a send starts from it even after a reload.
 */
export function startBrowserTracing(collector: string): BrowserTracing {
  const provider = new WebTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'event-store-pwa' }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: collector }), { scheduledDelayMillis: 500 })],
  });
  provider.register();
  // What the page has ended goes out before it is hidden or closed.
  addEventListener('pagehide', () => void provider.forceFlush());
  const tracer = trace.getTracer('event-store-pwa');
  return {
    press(command) {
      const span = tracer.startSpan(`press ${command}`, {
        attributes: { 'event_store.command': command, 'event_store.offline': !navigator.onLine },
      });
      return { traceparent: traceparentOf(trace.setSpan(context.active(), span)), end: () => span.end() };
    },
    async send(command, pressed, send) {
      const parent = pressed ? propagation.extract(context.active(), { traceparent: pressed }) : context.active();
      const span = tracer.startSpan(
        `send ${command}`,
        { kind: SpanKind.CLIENT, attributes: { 'event_store.command': command } },
        parent,
      );
      try {
        return await send(traceparentOf(trace.setSpan(parent, span)));
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: 'network' });
        throw error;
      } finally {
        span.end();
      }
    },
  };
}
