/**
 * What our HTTP layer adds to a warm command, measured per request: the request's time at the
 * client less the time the command handler took inside that same request (the server shares
 * this process, so both are read on one clock). Its floor is a bare node:http exchange of the
 * same request, timed alone, alternating with ours. Neither side contains a Firestore round
 * trip, so the emulator's jitter (a few ms, against the ~0.3-1 ms measured here) is out of both.
 *
 * Also the estimator http.bench.ts prints (differences of medians of whole commands), on the
 * same samples, to show in one run why it swung between runs (bench/RESULTS.md, "The CI gate").
 */
import { randomUUID } from 'node:crypto';
import type { Firestore } from 'firebase-admin/firestore';
import type { CommandHandler } from '@firebase-event-store/kernel';
import { actorOf } from '@firebase-event-store/testing';
import { serve } from './http.bench.js';
import { median, now, timed } from './stats.js';
import { handlerFor } from './store.bench.js';

/** `handler`, recording how long its last command took. */
function timedHandler(handler: CommandHandler) {
  const last = { ms: 0 };
  const timedOne: CommandHandler = {
    ...handler,
    command: async (...args) => {
      const start = now();
      try {
        return await handler.command(...args);
      } finally {
        last.ms = now() - start;
      }
    },
  };
  return { handler: timedOne, last };
}

export interface HttpAdded {
  /** Per request: HTTP time less the handler's time in that request. */
  readonly added: number[];
  /** Per exchange: the same request to a node:http server that answers at once. */
  readonly bare: number[];
  /** The old estimator's inputs: whole commands over HTTP, at store level, and store level then a bare exchange. */
  readonly http: number[];
  readonly store: number[];
  readonly storeThenBare: number[];
}

export async function httpAdded(db: Firestore, rounds: number): Promise<HttpAdded> {
  const tenant = `gate-${randomUUID().slice(0, 8)}`;
  const actor = actorOf(tenant);
  const inner = timedHandler(handlerFor(db, true));
  const api = await serve(inner.handler, tenant);
  const storeHandler = handlerFor(db, true);
  const samples: HttpAdded = { added: [], bare: [], http: [], store: [], storeThenBare: [] };
  const versions: Record<string, unknown> = {};
  const atStore = async (id: string) =>
    (versions[id] = (
      await storeHandler.command(actor, 'AddNumbers', {
        aggregateId: id,
        number1: 1,
        number2: 2,
        expectedVersion: versions[id],
      })
    ).version);
  const ops = {
    http: async () => {
      const ms = await timed(async () => (versions.http = await api.add('http', versions.http as string | undefined)));
      return { ms, added: ms - inner.last.ms };
    },
    bare: async () => ({ ms: await timed(() => api.exchange()) }),
    store: async () => ({ ms: await timed(() => atStore('store')) }),
    storeThenBare: async () => ({
      ms: await timed(async () => {
        await atStore('storeThenBare');
        await api.exchange();
      }),
    }),
  };
  const names = Object.keys(ops) as (keyof typeof ops)[];
  try {
    for (let i = 0; i < rounds + 20; i++) {
      for (const name of i % 2 === 0 ? names : [...names].reverse()) {
        const sample: { ms: number; added?: number } = await ops[name]();
        if (i < 20) continue; // the first rounds warm the server, the agent's sockets and the cache
        samples[name].push(sample.ms);
        if (sample.added !== undefined) samples.added.push(sample.added);
      }
    }
  } finally {
    await api.close();
  }
  return samples;
}

/** The estimator http.bench.ts reports: (median HTTP - median store) / (median store-then-bare - median store). */
export const derivedRatio = (s: Pick<HttpAdded, 'http' | 'store' | 'storeThenBare'>) =>
  (median(s.http) - median(s.store)) / (median(s.storeThenBare) - median(s.store));
