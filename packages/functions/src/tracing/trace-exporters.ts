import { ConfigError } from '../config.js';

/** Where the functions' spans go: Google Cloud Trace, an OTLP/HTTP collector, or the console. */
export type TraceExporterName = 'cloud-trace' | 'otlp' | 'console';

/**
 * The exporters the environment asks for, none by default (then no SDK is loaded at all):
 * `CLOUD_TRACE=true` (a param, for a deployment), an OTLP/HTTP endpoint in the standard
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or `OTEL_EXPORTER_OTLP_ENDPOINT`, and `console` among
 * the standard `OTEL_TRACES_EXPORTER`'s names. Inside the emulator Cloud Trace is refused:
 * nothing of a local run may leave the machine.
 */
export function traceExporters(env: NodeJS.ProcessEnv = process.env): TraceExporterName[] {
  const names: TraceExporterName[] = [];
  if (env.CLOUD_TRACE === 'true') {
    if (env.FUNCTIONS_EMULATOR === 'true')
      throw new ConfigError(
        'CLOUD_TRACE=true in the emulator would send its spans to Google: use OTEL_EXPORTER_OTLP_ENDPOINT locally',
      );
    names.push('cloud-trace');
  }
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT) names.push('otlp');
  const listed = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((name) => name.trim());
  if (listed.includes('console')) names.push('console');
  return names;
}
