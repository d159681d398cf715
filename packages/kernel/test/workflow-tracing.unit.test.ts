import { randomUUID } from 'node:crypto';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { actorOf, cachedHandler, Counter } from '@firebase-event-store/testing';
import { createAggregateRegistry, createInMemoryEventStore, createStreamReader, defineWorkflow } from '../src/index.js';
import { recordSpans, type SpanRecording } from './record-spans.js';

const HOUR = 3_600_000;
const T0 = new Date('2026-03-01T12:00:00.000Z');

/** Follows the counter `watched` up an hour after it moves: the timer's command is caused by its event. */
const FollowUp = defineWorkflow({
  name: 'FollowUp',
  from: [Counter],
  instance: (event) => (event.aggregateId === 'watched' ? 'watched' : undefined),
  initial: () => ({}),
  on: {
    Incremented: (_state, _event, { now }) => ({ timers: [{ name: 'Later', at: new Date(now.getTime() + HOUR) }] }),
  },
  timers: { Later: () => ({ commands: [{ command: 'Increment', input: { aggregateId: 'followed', by: 1 } }] }) },
});

const traceparentOf = (span: ReadableSpan) => `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`;

let recording: SpanRecording;
beforeAll(() => void (recording = recordSpans()));
afterAll(() => recording.stop());

it("a workflow's timer keeps the trace context of the event that set it: the command it sends when it fires links to it", async () => {
  const store = createInMemoryEventStore();
  const commands = cachedHandler(store, createAggregateRegistry([Counter]));
  await commands.command(actorOf('t1'), 'Increment', { aggregateId: 'watched', by: 1 });
  const commit = recording.one('command.commit');
  const reader = createStreamReader({ store, handlers: [FollowUp], newId: randomUUID, commands, clock: () => T0 });
  await reader.poll('t1');
  recording.reset();
  expect(await reader.fireDueTimers({ now: new Date(T0.getTime() + HOUR), limit: 10 })).toMatchObject([
    { status: 'fired' },
  ]);
  const links = recording.one('reader.send_command').links;
  expect(links.map((link) => `00-${link.context.traceId}-${link.context.spanId}-01`)).toEqual([traceparentOf(commit)]);
});
