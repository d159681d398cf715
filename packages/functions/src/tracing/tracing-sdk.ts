/**
 * The OpenTelemetry SDK of the functions, loaded by `startTracing` only when an exporter is
 * configured: the Node tracer provider (AsyncLocalStorage context, W3C trace-context and
 * baggage propagators, registered globally so @opentelemetry/api's spans, the kernel's
 * included, are recorded) with one batch processor per exporter.
 */
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { BatchSpanProcessor, ConsoleSpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { TraceExporterName } from './trace-exporters.js';
import type { TracingSdk } from './tracing.js';

async function exporterOf(name: TraceExporterName): Promise<SpanExporter> {
  switch (name) {
    case 'cloud-trace': {
      // Google's exporter (gRPC, Application Default Credentials): loaded only where it is used.
      const { TraceExporter } = await import('@google-cloud/opentelemetry-cloud-trace-exporter');
      return new TraceExporter();
    }
    case 'otlp': {
      // JSON over HTTP to OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, which the exporter reads itself.
      const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
      return new OTLPTraceExporter();
    }
    case 'console':
      return new ConsoleSpanExporter();
  }
}

export async function startTracingSdk(
  names: readonly TraceExporterName[],
  env: NodeJS.ProcessEnv,
): Promise<TracingSdk> {
  const exporters = await Promise.all(names.map(exporterOf));
  const provider = new NodeTracerProvider({
    // One service per function (Cloud Run names the function's service K_SERVICE).
    resource: resourceFromAttributes({
      'service.name': env.OTEL_SERVICE_NAME ?? env.K_SERVICE ?? env.FUNCTION_TARGET ?? 'firebase-event-store',
    }),
    spanProcessors: exporters.map((exporter) => new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1_000 })),
  });
  provider.register();
  return { flush: () => provider.forceFlush() };
}
