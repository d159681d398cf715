import { writeLog } from '../structured-log.js';
import { traceExporters } from './trace-exporters.js';

/** The OpenTelemetry SDK once started: what is left to do with it. */
export interface TracingSdk {
  /** Sends the spans ended so far: after each invocation, before the platform throttles the instance. */
  flush(): Promise<void>;
}

let started: Promise<TracingSdk | undefined> | undefined;

/**
 * Starts the OpenTelemetry SDK once per instance when the environment asks for an exporter
 * (traceExporters; a configuration it refuses throws here, at once), and loads nothing
 * otherwise: without it every span of @opentelemetry/api is a no-op that costs a function call.
 * Each function awaits it before its first span, so a cold start's first request is traced
 * too. An SDK that fails to load leaves the functions serving, untraced, and says so.
 */
export function startTracing(env: NodeJS.ProcessEnv = process.env): Promise<TracingSdk | undefined> {
  if (started) return started;
  const exporters = traceExporters(env);
  started =
    exporters.length === 0
      ? Promise.resolve(undefined)
      : import('./tracing-sdk.js')
          .then(({ startTracingSdk }) => startTracingSdk(exporters, env))
          .catch((error: unknown) => {
            writeLog({ severity: 'ERROR', message: 'tracing did not start; the functions run untraced', error });
            return undefined;
          });
  return started;
}

/** Exports what the spans of this invocation left; nothing when tracing is off. Never throws. */
export async function flushTraces(): Promise<void> {
  try {
    await (await started)?.flush();
  } catch {
    // An exporter that cannot reach its collector is not the invocation's failure.
  }
}
