import { isSpanContextValid, trace, TraceFlags } from '@opentelemetry/api';
import { write, type LogEntry, type LogSeverity } from 'firebase-functions/logger';

/** Where a line goes: a JSON text on stdout or stderr by severity, as firebase-functions' logger writes it. */
export type PrintLine = (severity: LogSeverity, line: string) => void;

const STDERR = new Set<LogSeverity>(['WARNING', 'ERROR', 'CRITICAL', 'ALERT', 'EMERGENCY']);
const print: PrintLine = (severity, line) => (STDERR.has(severity) ? console.error(line) : console.log(line));

/**
 * Cloud Logging's fields that put a line in the active span's trace (Logs Explorer and the
 * trace's own view show them together), or none when no span is recorded (tracing off).
 */
export function traceFields(project = process.env.GCLOUD_PROJECT ?? process.env.GOOGLE_CLOUD_PROJECT) {
  const span = trace.getActiveSpan()?.spanContext();
  if (!project || !span || !isSpanContextValid(span)) return undefined;
  return {
    'logging.googleapis.com/trace': `projects/${project}/traces/${span.traceId}`,
    'logging.googleapis.com/spanId': span.spanId,
    'logging.googleapis.com/trace_sampled': (span.traceFlags & TraceFlags.SAMPLED) !== 0,
  };
}

/** An error as JSON can show it (JSON.stringify makes `{}` of one); the rest as it is, cycles cut. */
function jsonOf(entry: LogEntry): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(entry, (_key, value: unknown) => {
    if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
    if (typeof value === 'object' && value !== null) {
      if (seen.has(value)) return '[Circular]';
      seen.add(value);
    }
    return value;
  });
}

/**
 * Writes one structured (JSON) log line: with the active span's trace and span ids when a span
 * is recorded; otherwise through firebase-functions' logger, which joins it to the trace of the
 * request's own header when the platform sent one. The one way the functions log.
 */
export function writeLog(entry: LogEntry, out: { print?: PrintLine; write?: (entry: LogEntry) => void } = {}) {
  const fields = traceFields();
  if (!fields) return (out.write ?? write)(JSON.parse(jsonOf(entry)) as LogEntry);
  (out.print ?? print)(entry.severity, jsonOf({ ...entry, ...fields }));
}

/** `writeLog` by severity, with a message and its fields (the last argument of firebase-functions' own logger). */
export const log = {
  warn: (message: string, fields: object = {}) => writeLog({ ...fields, severity: 'WARNING', message }),
  error: (message: string, fields: object = {}) => writeLog({ ...fields, severity: 'ERROR', message }),
};
