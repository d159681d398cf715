/// <reference types="vite/client" /> // import.meta.env, also where the repository's tsconfig checks the tests
/**
 * The PWA's tracing, when the build was made with a collector (VITE_OTEL_COLLECTOR_URL, an
 * OTLP/HTTP traces endpoint, e.g. a local run's): the OpenTelemetry web SDK is a chunk of its
 * own, loaded only then. Without it nothing is loaded, and a queued command carries no trace.
 */
export interface KeySpan {
  /** The W3C `traceparent` of the press: stored with its command, and the parent of every try to send it. */
  readonly traceparent: string;
  end(): void;
}

export interface BrowserTracing {
  /** The span of a key press, from the click until its command is answered or waits in the outbox. */
  press(command: string): KeySpan;
  /**
   * One try to send a queued command, as a span under the press that queued it (its stored
   * `traceparent`, however long ago): `send` gets the span's own traceparent for the request.
   */
  send<T>(command: string, pressed: string | undefined, send: (traceparent: string) => Promise<T>): Promise<T>;
}

const COLLECTOR = import.meta.env.VITE_OTEL_COLLECTOR_URL as string | undefined;

export const tracing: Promise<BrowserTracing | undefined> = COLLECTOR
  ? import('./browser-tracing.js').then(
      ({ startBrowserTracing }) => startBrowserTracing(COLLECTOR),
      (error: unknown) => {
        console.error('tracing did not start; the page runs untraced', error);
        return undefined;
      },
    )
  : Promise.resolve(undefined);
