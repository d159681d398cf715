import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';

export interface SpanRecording {
  /** The spans ended so far, in the order they ended. */
  spans(): ReadableSpan[];
  /** The one ended span of that name (fails with the names it has, if not exactly one). */
  one(name: string): ReadableSpan;
  reset(): void;
  /** Unregisters the SDK: the kernel's spans are the API's no-op again. */
  stop(): Promise<void>;
}

/**
 * Installs the OpenTelemetry SDK as an application would (a tracer provider and the
 * AsyncLocalStorage context manager, both global), with every span kept in memory.
 */
export function recordSpans(): SpanRecording {
  trace.disable();
  context.disable();
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  const spans = () => exporter.getFinishedSpans();
  return {
    spans,
    one(name) {
      const named = spans().filter((span) => span.name === name);
      if (named.length !== 1)
        throw new Error(
          `${named.length} spans named ${name} among ${spans()
            .map((span) => span.name)
            .join(', ')}`,
        );
      return named[0]!;
    },
    reset: () => exporter.reset(),
    async stop() {
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}

/** The id of a span's parent, or undefined for a root span. */
export const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
