import { context, propagation, SpanKind, trace, type SpanContext } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createInMemoryEventStore, type CommandHandler } from '@firebase-event-store/kernel';
import { startHttpHarness } from '../support/http-harness.js';

/**
 * The request's span in the command API: a child of the caller's W3C `traceparent`, the active
 * context of the command, with an authentication span beside it, named by route and command
 * and never by what the request carried.
 */
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const CALLER = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' };
const TRACEPARENT = `00-${CALLER.traceId}-${CALLER.spanId}-01`;

describe('HTTP tracing', () => {
  let h: Awaited<ReturnType<typeof startHttpHarness>>;
  /** The span that was active when the command handler ran. */
  let active: SpanContext | undefined;
  const handler: CommandHandler = {
    command: async () => {
      active = trace.getActiveSpan()?.spanContext();
      return { version: 1, state: {}, events: [], replayed: false } as never;
    },
    load: async () => ({ version: 0, state: {} }),
  };
  beforeAll(async () => {
    provider.register();
    h = await startHttpHarness(createInMemoryEventStore(), { overrides: { handler } });
  });
  afterAll(async () => {
    await h.close();
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });
  beforeEach(() => {
    exporter.reset();
    active = undefined;
  });

  /** The spans ended so far: the request's ends once its response is closed. */
  const spans = async (count: number): Promise<ReadableSpan[]> => {
    for (let i = 0; i < 100 && exporter.getFinishedSpans().length < count; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    return exporter.getFinishedSpans();
  };
  const named = (all: ReadableSpan[], name: string) => all.find((span) => span.name === name);

  it('a command: the request span is a child of the caller’s traceparent, and the command runs inside it', async () => {
    const token = await h.tokens.idToken({ tenant: 'traced' });
    const res = await request(h.server)
      .post('/api/commands/Increment')
      .auth(token, { type: 'bearer' })
      .set('traceparent', TRACEPARENT)
      .send({ aggregateId: 'secret-aggregate-id', by: 424242 });
    expect(res.status).toBe(200);
    const all = await spans(2);
    const server = named(all, 'POST /api/commands/:name')!;
    expect(server.kind).toBe(SpanKind.SERVER);
    expect(server.spanContext().traceId).toBe(CALLER.traceId);
    expect(server.parentSpanContext?.spanId).toBe(CALLER.spanId);
    expect(server.attributes).toEqual({
      'http.request.method': 'POST',
      'http.route': '/api/commands/:name',
      'http.response.status_code': 200,
      'event_store.command': 'Increment',
    });
    // The handler's context is the request's: the commit's traceparent is this trace's.
    expect(active).toEqual(server.spanContext());
    const auth = named(all, 'authenticate')!;
    expect(auth.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(auth.attributes).toEqual({ 'event_store.revocation_checked': false });
    // Nothing of the token or the body in any span.
    const said = JSON.stringify(all.map((span) => [span.name, span.attributes, span.events, span.status]));
    for (const secret of [token, token.split('.')[1]!, 'secret-aggregate-id', '424242'])
      expect(said).not.toContain(secret);
  });

  it('without a traceparent the request starts a trace of its own; an unknown command is not named', async () => {
    const token = await h.tokens.idToken({ tenant: 'traced' });
    const res = await request(h.server)
      .post('/commands/NoSuchCommand')
      .auth(token, { type: 'bearer' })
      .send({ aggregateId: 'a' });
    expect(res.status).toBe(200); // the stand-in handler answers every name
    const server = named(await spans(2), 'POST /commands/:name')!;
    expect(server.parentSpanContext).toBeUndefined();
    expect(server.spanContext().traceId).not.toBe(CALLER.traceId);
    expect(server.attributes['event_store.command']).toBeUndefined();
  });

  it('a refused token: the authentication span is failed with the error code only, the request span has the 401', async () => {
    const res = await request(h.server)
      .post('/commands/Increment')
      .set('Authorization', 'Bearer not.a.token')
      .set('traceparent', TRACEPARENT)
      .send({ aggregateId: 'a', by: 1 });
    expect(res.status).toBe(401);
    const all = await spans(2);
    const auth = named(all, 'authenticate')!;
    expect(auth.status).toEqual({ code: 2, message: 'UNAUTHENTICATED' });
    expect(auth.attributes['error.type']).toBe('UNAUTHENTICATED');
    expect(auth.events).toEqual([]);
    expect(named(all, 'POST /commands/:name')!.attributes['http.response.status_code']).toBe(401);
    expect(active).toBeUndefined();
  });
});
