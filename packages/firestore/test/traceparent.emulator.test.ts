import { randomUUID } from 'node:crypto';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAggregateRegistry,
  createCommandHandler,
  createStreamReader,
  defineProjection,
  type CommittedEvent,
} from '@firebase-event-store/kernel';
import { actorOf, Counter, uniqueTenant } from '@firebase-event-store/testing';
import { emulatorFirestore, TEST_PROJECT } from '@firebase-event-store/testing/emulator';
import { z } from 'zod';
import { createFirestoreEventStore } from '../src/firestore-event-store.js';

const db = emulatorFirestore();
const registry = createAggregateRegistry([Counter]);
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

const Totals = defineProjection({
  name: 'Totals',
  from: [Counter],
  readModel: { Totals: z.object({ total: z.number() }) },
  on: { Incremented: (event, view) => view.set('Totals', event.aggregateId, { total: event.data.by }) },
});

const traceparentOf = (span: ReadableSpan) => `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`;

async function all(events: AsyncIterable<CommittedEvent>) {
  const out: CommittedEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

describe('the trace context of a commit, through the Firestore store (emulator)', () => {
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(provider);
  });
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
  });

  it('is stored with the events, read back by readStream, readLog and an idempotent retry, and linked by the reader', async () => {
    const tenant = uniqueTenant();
    const store = createFirestoreEventStore(db, { projectId: TEST_PROJECT });
    const handler = createCommandHandler({ store, registry, newId: randomUUID });
    const idempotency = { key: 'k1', fingerprint: 'f1' };
    const input = { aggregateId: 'c1', by: 2, times: 2 };
    const result = await handler.command(actorOf(tenant), 'IncrementMany', input, { idempotency });
    const commit = exporter.getFinishedSpans().find((span) => span.name === 'command.commit')!;
    const traceparent = traceparentOf(commit);
    expect(result.events.map((event) => event.meta.traceparent)).toEqual([traceparent, traceparent]);

    const stream = await all(store.readStream({ tenant, type: 'Counter', id: 'c1' }));
    expect(stream.map((event) => event.meta.traceparent)).toEqual([traceparent, traceparent]);
    const retried = await handler.command(actorOf(tenant), 'IncrementMany', input, { idempotency });
    expect(retried.replayed).toBe(true);
    expect(retried.events.map((event) => event.meta.traceparent)).toEqual([traceparent, traceparent]);

    exporter.reset();
    const reader = createStreamReader({ store, handlers: [Totals], newId: randomUUID });
    await reader.poll(tenant);
    const log = await store.readLog(tenant, { after: 0, limit: 10 });
    expect(log.map((event) => event.meta.traceparent)).toEqual([traceparent, traceparent]);
    const step = exporter
      .getFinishedSpans()
      .find((span) => span.name === 'reader.projections.step' && span.attributes['event_store.events'] === 2)!;
    expect(step.links.map((link) => `00-${link.context.traceId}-${link.context.spanId}-01`)).toEqual([traceparent]);
  });

  it('an event committed with no span active has no traceparent field in its document', async () => {
    const tenant = uniqueTenant();
    const store = createFirestoreEventStore(db, { projectId: TEST_PROJECT });
    await store.commit({
      stream: { tenant, type: 'Counter', id: 'c2' },
      expectedVersion: 0,
      events: [{ name: 'Incremented', data: { by: 1 } }],
      snapshot: { state: { total: 1, count: 1, open: false }, schema: 1 },
      meta: { actor: { id: 'u', name: 'U' }, command: 'Increment', correlationId: 'c', causationId: null },
    });
    const [event] = await all(store.readStream({ tenant, type: 'Counter', id: 'c2' }));
    expect(event!.meta).not.toHaveProperty('traceparent');
    const documents = await db.collection(`tenants/${tenant}/events`).get();
    expect(documents.docs.map((document) => Object.keys(document.data().meta as object).sort())).toEqual([
      ['actor', 'command', 'correlationId'],
    ]);
  });
});
