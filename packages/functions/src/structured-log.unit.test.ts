import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { LogEntry, LogSeverity } from 'firebase-functions/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLog } from './structured-log.js';

const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new InMemorySpanExporter())] });
const tracer = { startSpan: (name: string) => trace.getTracer('test').startSpan(name) };

/** What writeLog printed (a span was active) and what it handed firebase-functions' logger (none was). */
function capture() {
  const printed: { severity: LogSeverity; line: string }[] = [];
  const written: LogEntry[] = [];
  const out = {
    print: (severity: LogSeverity, line: string) => printed.push({ severity, line }),
    write: (entry: LogEntry) => written.push(entry),
  };
  return { printed, written, out };
}

describe('structured logs joined to traces', () => {
  const project = process.env.GCLOUD_PROJECT;
  beforeAll(() => {
    process.env.GCLOUD_PROJECT = 'demo-logs';
    provider.register();
  });
  afterAll(async () => {
    if (project === undefined) delete process.env.GCLOUD_PROJECT;
    else process.env.GCLOUD_PROJECT = project;
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it('inside a span: one JSON line with Cloud Logging’s trace and span ids of that span', () => {
    const { printed, written, out } = capture();
    const span = tracer.startSpan('work');
    context.with(trace.setSpan(context.active(), span), () =>
      writeLog({ severity: 'WARNING', message: 'event handler run did not finish', handler: 'counts' }, out),
    );
    span.end();
    expect(written).toEqual([]);
    expect(printed).toHaveLength(1);
    expect(printed[0]!.severity).toBe('WARNING');
    const { traceId, spanId } = span.spanContext();
    expect(JSON.parse(printed[0]!.line)).toEqual({
      severity: 'WARNING',
      message: 'event handler run did not finish',
      handler: 'counts',
      'logging.googleapis.com/trace': `projects/demo-logs/traces/${traceId}`,
      'logging.googleapis.com/spanId': spanId,
      'logging.googleapis.com/trace_sampled': true,
    });
  });

  it('an error in the fields is logged with its name, message and stack, not as {}', () => {
    const { printed, out } = capture();
    const span = tracer.startSpan('work');
    context.with(trace.setSpan(context.active(), span), () =>
      writeLog({ severity: 'ERROR', message: 'the reader could not run', error: new RangeError('out of range') }, out),
    );
    span.end();
    const { error } = JSON.parse(printed[0]!.line) as { error: { name: string; message: string; stack: string } };
    expect([error.name, error.message]).toEqual(['RangeError', 'out of range']);
    expect(error.stack).toContain('structured-log.unit.test.ts');
  });

  it('outside any span: firebase-functions’ logger writes it (it joins the platform’s own trace header, if any)', () => {
    const { printed, written, out } = capture();
    writeLog({ severity: 'ERROR', message: 'no span here', requestId: 'r-1' }, out);
    expect(printed).toEqual([]);
    expect(written).toEqual([{ severity: 'ERROR', message: 'no span here', requestId: 'r-1' }]);
  });

  it('every log line of the functions goes through writeLog: no console.* or logger.* call in their code', () => {
    const root = new URL('.', import.meta.url).pathname;
    const files = (readdirSync(root, { recursive: true }) as string[]).filter(
      (file) =>
        file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.startsWith('cli/') && file !== 'structured-log.ts',
    );
    expect(files).toContain('triggers/report-runs.ts');
    const calls = files.flatMap((file) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .filter((line) => /\b(console|logger)\.(log|info|warn|error|debug|write)\(/.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(calls).toEqual([]);
  });
});
