import { randomUUID } from 'node:crypto';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cachedHandler, Counter } from '@firebase-event-store/testing';
import {
  createAggregateRegistry,
  createCommandHandler,
  createInMemoryEventStore,
  createStreamReader,
  defineAggregate,
  defineProjection,
  defineReaction,
  Err,
  type Actor,
  type CommittedEvent,
  type EventStore,
} from '../src/index.js';
import { MAX_LINKS } from '../src/tracing.js';
import { parentOf, recordSpans, type SpanRecording } from './record-spans.js';

/** In every value a request brings: the payload, the actor's id, name and token-like fields. */
const MARKER = 'Zq7-personal-marker';

const Memo = defineAggregate({
  type: 'Memo',
  state: z.object({ text: z.string() }),
  init: () => ({ text: '' }),
  events: { Written: z.strictObject({ text: z.string() }) },
  commands: {
    Write: {
      payload: z.object({ text: z.string().max(40) }),
      handle: (_state, { text }) => [{ name: 'Written', data: { text } }],
    },
  },
  evolve: { Written: (_state, { text }) => ({ text }) },
});

const registry = createAggregateRegistry([Memo, Counter]);
const actor: Actor = { id: `id-${MARKER}`, name: `name-${MARKER}`, tenant: 't1', roles: ['user'] };

const Memos = defineProjection({
  name: 'Memos',
  from: [Memo],
  readModel: { MemoTexts: z.object({ text: z.string() }) },
  on: { Written: (event, view) => view.set('MemoTexts', event.aggregateId, { text: event.data.text }) },
});
/** Counts every memo written: the command it sends is caused by the event. */
const CountMemos = defineReaction({
  name: 'CountMemos',
  from: [Memo],
  on: { Written: () => [{ command: 'Increment', input: { aggregateId: 'memos', by: 1 } }] },
});

const traceparentOf = (span: ReadableSpan) => `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`;
const linked = (span: ReadableSpan) => span.links.map((link) => `00-${link.context.traceId}-${link.context.spanId}-01`);

async function eventsOf(store: EventStore, type: string, id: string) {
  const events: CommittedEvent[] = [];
  for await (const event of store.readStream({ tenant: 't1', type, id })) events.push(event);
  return events;
}

describe('tracing with OpenTelemetry (the SDK with an in-memory exporter)', () => {
  let recording: SpanRecording;
  beforeAll(() => void (recording = recordSpans()));
  afterEach(() => recording.reset());
  afterAll(() => recording.stop());

  it('a command is one trace: its span, and its load, decision and commit as children', async () => {
    const handler = cachedHandler(createInMemoryEventStore(), registry);
    await handler.command(actor, 'Write', { aggregateId: 'm1', text: 'hello' });
    const command = recording.one('command Write');
    const steps = ['command.load', 'command.decide', 'command.commit'].map((name) => recording.one(name));
    for (const step of steps) {
      expect(step.spanContext().traceId).toBe(command.spanContext().traceId);
      expect(parentOf(step)).toBe(command.spanContext().spanId);
    }
    expect(parentOf(command)).toBeUndefined();
    expect(command.attributes).toEqual({
      'event_store.command': 'Write',
      'event_store.aggregate.type': 'Memo',
      'event_store.tenant': 't1',
      'event_store.version': 1,
      'event_store.events': 1,
    });
    expect(command.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('a warm command (the aggregate in the cache) reads nothing: no load span', async () => {
    const handler = cachedHandler(createInMemoryEventStore(), registry);
    await handler.command(actor, 'Write', { aggregateId: 'm1', text: 'a' });
    await handler.command(actor, 'Write', { aggregateId: 'm1', text: 'b' });
    expect(recording.spans().map((span) => span.name)).toEqual([
      'command.load',
      'command.decide',
      'command.commit',
      'command Write',
      'command.decide',
      'command.commit',
      'command Write',
    ]);
    expect(recording.spans()[0]!.attributes).toMatchObject({ 'event_store.load.from': 'new' });
  });

  it('lost races: an event on the command span for each, and one commit span per attempt', async () => {
    const inner = createInMemoryEventStore();
    const store: EventStore = Object.assign(Object.create(inner) as EventStore, {
      commit: () => Promise.reject(Err.concurrency('lost a race')),
    });
    const handler = createCommandHandler({
      store,
      registry,
      newId: randomUUID,
      retry: { attempts: 4, minDelayMs: 1, maxDelayMs: 2 },
    });
    await expect(handler.command(actor, 'Write', { aggregateId: 'm1', text: 'a' })).rejects.toThrow();
    expect(recording.spans().filter((span) => span.name === 'command.commit')).toHaveLength(4);
    const command = recording.one('command Write');
    expect(command.events.map((event) => [event.name, event.attributes])).toEqual(
      [1, 2, 3].map((attempt) => ['conflict', { 'event_store.attempt': attempt }]),
    );
    expect(command.attributes['error.type']).toBe('CONCURRENCY');
  });

  it('the committed events carry the commit span as their traceparent, in the store too', async () => {
    const store = createInMemoryEventStore();
    const result = await cachedHandler(store, registry).command(actor, 'Write', { aggregateId: 'm1', text: 'a' });
    const commit = recording.one('command.commit');
    expect(result.events[0]!.meta.traceparent).toBe(traceparentOf(commit));
    expect((await eventsOf(store, 'Memo', 'm1'))[0]!.meta.traceparent).toBe(traceparentOf(commit));
  });

  it("a command run in the caller's span (an HTTP request's) is a child of it, in its trace", async () => {
    const handler = cachedHandler(createInMemoryEventStore(), registry);
    await trace
      .getTracer('test')
      .startActiveSpan('POST /commands/Write', (request) =>
        handler.command(actor, 'Write', { aggregateId: 'm1', text: 'a' }).finally(() => request.end()),
      );
    const request = recording.one('POST /commands/Write');
    expect(parentOf(recording.one('command Write'))).toBe(request.spanContext().spanId);
    expect(recording.one('command.commit').spanContext().traceId).toBe(request.spanContext().traceId);
  });

  it("a reader run: its step and page link to each event's commit; a command it sends is linked to its event, and that command's events carry its trace", async () => {
    const store = createInMemoryEventStore();
    const commands = cachedHandler(store, registry);
    await commands.command(actor, 'Write', { aggregateId: 'm1', text: 'a' });
    await commands.command(actor, 'Write', { aggregateId: 'm2', text: 'b' });
    const commits = recording.spans().filter((span) => span.name === 'command.commit');
    recording.reset();

    const reader = createStreamReader({ store, handlers: [Memos, CountMemos], newId: randomUUID, commands });
    const runs = await reader.poll('t1');
    expect(runs.map((run) => run.status)).toEqual(['caught-up', 'caught-up']);

    const poll = recording.one('reader.poll');
    const steps = recording.spans().filter((span) => span.name === 'reader.projections.step');
    const stepWithEvents = steps.find((span) => span.attributes['event_store.events'] === 2)!;
    expect(linked(stepWithEvents)).toEqual(commits.map(traceparentOf));
    // The first page: the memos. A second one holds the counter's events the reaction's commands committed.
    const pages = recording.spans().filter((span) => span.name === 'reader.reaction.page');
    const page = pages.find((span) => span.attributes['event_store.position.from'] === 0)!;
    expect(pages).toHaveLength(2);
    expect(linked(pages.find((span) => span !== page)!)).toEqual(
      recording
        .spans()
        .filter((span) => span.name === 'command.commit')
        .map(traceparentOf),
    );
    expect(linked(page)).toEqual(commits.map(traceparentOf));
    expect(page.attributes).toMatchObject({ 'event_store.handler': 'CountMemos', 'event_store.events': 2 });
    for (const span of [...steps, ...pages]) expect(parentOf(span)).toBe(poll.spanContext().spanId);

    const sends = recording.spans().filter((span) => span.name === 'reader.send_command');
    expect(sends.map((send) => parentOf(send))).toEqual([page.spanContext().spanId, page.spanContext().spanId]);
    expect(sends.map((send) => linked(send))).toEqual(commits.map((commit) => [traceparentOf(commit)]));
    const counted = await eventsOf(store, 'Counter', 'memos');
    const sentCommits = recording.spans().filter((span) => span.name === 'command.commit');
    expect(sentCommits.map((commit) => commit.spanContext().traceId)).toEqual([
      poll.spanContext().traceId,
      poll.spanContext().traceId,
    ]);
    expect(counted.map((event) => event.meta.traceparent)).toEqual(sentCommits.map(traceparentOf));
  });

  it(`links a span to at most ${MAX_LINKS} commits, each once, and counts the others`, async () => {
    const store = createInMemoryEventStore();
    const handler = cachedHandler(store, registry);
    for (let i = 0; i < MAX_LINKS + 8; i++) await handler.command(actor, 'Write', { aggregateId: `m${i}`, text: 'a' });
    // Three events of one commit: one link.
    await handler.command(actor, 'IncrementMany', { aggregateId: 'c', by: 1, times: 3 });
    recording.reset();
    await createStreamReader({ store, handlers: [Memos], newId: randomUUID }).poll('t1');
    const step = recording.spans().find((span) => span.attributes['event_store.events'] === MAX_LINKS + 11)!;
    expect(step.links).toHaveLength(MAX_LINKS);
    expect(step.attributes['event_store.links.dropped']).toBe(9);
  });

  it('a failed command: status ERROR with its code, never its message', async () => {
    const handler = cachedHandler(createInMemoryEventStore(), registry);
    await expect(
      handler.command(actor, 'Write', { aggregateId: 'm1', text: `${MARKER}${'x'.repeat(40)}` }),
    ).rejects.toThrow();
    const command = recording.one('command Write');
    expect(command.status).toEqual({ code: SpanStatusCode.ERROR, message: 'INVALID_ARGUMENT' });
    expect(command.attributes['error.type']).toBe('INVALID_ARGUMENT');
    expect(command.events).toEqual([]); // no exception event: its message would quote the input
  });

  it('an unknown command: a span named "command", not after what the caller sent', async () => {
    const handler = cachedHandler(createInMemoryEventStore(), registry);
    await expect(handler.command(actor, `Nope${MARKER}`, {})).rejects.toThrow();
    expect(recording.spans().map((span) => span.name)).toEqual(['command']);
    expect(recording.one('command').attributes).toEqual({ 'error.type': 'NOT_FOUND' });
  });

  it('a snapshot ahead of its events: an event on the load that rebuilt the state', async () => {
    const inner = createInMemoryEventStore();
    const writer = createCommandHandler({ store: inner, registry, newId: randomUUID });
    for (let i = 0; i < 3; i++) await writer.command(actor, 'Increment', { aggregateId: 'c', by: 1 });
    // As if restored from a backup taken later than the events it still has.
    const store: EventStore = Object.assign(Object.create(inner) as EventStore, {
      loadSnapshot: async () => ({ version: 5, state: { total: 9, count: 5, open: false }, schema: 1 }),
    });
    recording.reset();
    await createCommandHandler({ store, registry, newId: randomUUID }).command(actor, 'Increment', {
      aggregateId: 'c',
      by: 1,
    });
    const loads = recording.spans().filter((span) => span.name === 'command.load');
    expect(loads.map((load) => load.attributes['event_store.load.from'])).toEqual(['snapshot', 'replay']);
    expect(loads[1]!.events.map((event) => [event.name, event.attributes])).toEqual([
      ['snapshot_ahead', { 'event_store.snapshot.version': 5, 'event_store.version': 3 }],
    ]);
    expect(recording.one('command Increment').events.map((event) => event.name)).toEqual(['conflict']);
  });

  it("no span's name, attribute, event, link or status holds a payload value or the actor's id or name", async () => {
    const store = createInMemoryEventStore();
    const commands = cachedHandler(store, registry);
    await commands.command(actor, 'Write', { aggregateId: 'm1', text: MARKER });
    await commands.command(actor, 'Write', { aggregateId: 'm1', text: `${MARKER}${'x'.repeat(40)}` }).catch(() => 0);
    await commands.command(actor, `Write${MARKER}`, { text: MARKER }).catch(() => 0);
    await createStreamReader({ store, handlers: [Memos, CountMemos], newId: randomUUID, commands }).poll('t1');
    const spans = recording.spans();
    expect(spans.length).toBeGreaterThan(10);
    const seen = JSON.stringify(
      spans.map((span) => ({
        name: span.name,
        attributes: span.attributes,
        events: span.events,
        links: span.links,
        status: span.status,
      })),
    );
    expect(seen).toContain('Write'); // the scan reads what the spans hold
    expect(seen).not.toContain(MARKER);
  });

  it('without an SDK: no span, and events carry no traceparent', async () => {
    await recording.stop();
    try {
      const store = createInMemoryEventStore();
      const result = await cachedHandler(store, registry).command(actor, 'Write', { aggregateId: 'm1', text: 'a' });
      expect(result.events[0]!.meta).not.toHaveProperty('traceparent');
      expect((await eventsOf(store, 'Memo', 'm1'))[0]!.meta).not.toHaveProperty('traceparent');
    } finally {
      recording = recordSpans();
    }
  });
});
