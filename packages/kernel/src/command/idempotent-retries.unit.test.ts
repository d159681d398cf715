import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actorOf, cachedHandler, Counter } from '@firebase-event-store/testing';
import { createAggregateRegistry } from '../aggregate-registry.js';
import { isAppError } from '../err.js';
import { createInMemoryEventStore } from '../in-memory/in-memory-event-store.js';
import type { CommandHandler } from './command-handler.js';
import type { CommandResult } from './command-result.js';

const registry = createAggregateRegistry([Counter]);
const ids = ['a', 'b'] as const;
const retry = { minDelayMs: 0, maxDelayMs: 0 };

/** A request, and the retries its client sends with the same key: along with it, or after it. */
const request = fc.record({
  instance: fc.integer({ min: 0, max: 1 }),
  id: fc.constantFrom(...ids),
  command: fc.oneof(
    fc.record({ name: fc.constant('Open') }),
    fc.record({ name: fc.constant('Increment'), by: fc.integer({ min: -5, max: 5 }) }),
    fc.record({ name: fc.constant('Reset') }),
    fc.record({ name: fc.constant('Nothing') }),
  ),
  ifMatch: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  retries: fc.array(fc.record({ instance: fc.integer({ min: 0, max: 1 }), alongside: fc.boolean() }), {
    maxLength: 3,
  }),
});
type Request = typeof request extends fc.Arbitrary<infer R> ? R : never;

/** What a client can tell apart in an answer: a refusal's code, or the commit's outcome. */
const answerOf = (settled: PromiseSettledResult<CommandResult>) =>
  settled.status === 'rejected'
    ? { refused: isAppError(settled.reason) ? settled.reason.code : String(settled.reason) }
    : {
        version: settled.value.version,
        state: settled.value.state,
        events: settled.value.events.map(({ id, name, data }) => ({ id, name, data })),
      };

/** Runs the requests one after another (each with its retries), on two API instances sharing a store. */
async function run(requests: readonly Request[], withRetries: boolean) {
  const store = createInMemoryEventStore();
  const actor = actorOf('t1', ['user', 'admin']);
  const instances: CommandHandler[] = [
    cachedHandler(store, registry, { retry }),
    cachedHandler(store, registry, { retry }),
  ];
  const answers: ReturnType<typeof answerOf>[][] = [];
  for (const [index, { instance, id, command, ifMatch, retries }] of requests.entries()) {
    const { name, ...payload } = command;
    const input = { aggregateId: id, expectedVersion: ifMatch, ...payload };
    const idempotency = { key: `key-${index}`, fingerprint: `${name}:${JSON.stringify(input)}` };
    const send = (on: number) => instances[on]!.command(actor, name, input, { idempotency });
    const sent = withRetries ? retries : [];
    const first = await Promise.allSettled([
      send(instance),
      ...sent.filter(({ alongside }) => alongside).map(({ instance: on }) => send(on)),
    ]);
    const after = [];
    for (const { instance: on } of sent.filter(({ alongside }) => !alongside)) {
      after.push(...(await Promise.allSettled([send(on)])));
    }
    answers.push([...first, ...after].map(answerOf));
  }
  const streams = [];
  for (const id of ids) {
    const events = [];
    for await (const { version, name, data } of store.readStream({ tenant: 't1', type: 'Counter', id })) {
      events.push({ version, name, data });
    }
    streams.push({ id, events, snapshot: (await store.loadSnapshot({ tenant: 't1', type: 'Counter', id }))?.state });
  }
  return { answers, streams };
}

describe('idempotent retries (property)', () => {
  it('any command sequence with retries under the same keys: the same events, state and answers as without', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 10 }), async (requests) => {
        const once = await run(requests, false);
        const retried = await run(requests, true);
        expect(retried.streams).toEqual(once.streams);
        for (const [index, answers] of retried.answers.entries()) {
          // Every answer under one key is the answer the request got when sent once.
          for (const answer of answers) expect(answer).toEqual(once.answers[index]![0]);
        }
      }),
      { numRuns: 150 },
    );
  });
});
