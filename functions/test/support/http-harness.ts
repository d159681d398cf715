import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import {
  createAggregateRegistry,
  createCommandHandler,
  createSnapshotCache,
  createStreamReader,
  DataSubject,
  defineAggregate,
  encryptPersonalData,
  forgetSubject,
} from '@firebase-event-store/kernel';
import type { EventHandler, EventStore, PersonalDataStore, ReaderStore } from '@firebase-event-store/kernel';
import { Calculator } from '../../src/aggregates/calculator.js';
import { KeystrokeCalculator } from '../../src/aggregates/keystroke-calculator.js';
import { createFirebaseIdTokenVerifier, createApp } from '@firebase-event-store/functions/http';
import type { LogEntry, HttpDependencies } from '@firebase-event-store/functions/http';
import { Counter, createTokenFactory, now, PROJECT, S } from '@firebase-event-store/testing';

/** A command that fails in a way nobody planned for: its message must never reach a client. */
const Broken = defineAggregate({
  type: 'Broken',
  state: z.object({}),
  init: () => ({}),
  events: { Never: z.object({}) },
  commands: {
    Explode: {
      payload: z.object({}),
      handle: () => {
        throw new Error('SECRET-XYZ');
      },
    },
  },
  evolve: { Never: (state) => state },
});

export const ALLOWED_ORIGIN = 'https://app.example.com';
export const BODY_LIMIT = 2048;

/**
 * The API on a listening loopback server, with a local key set and a fixed clock; `overrides`
 * replace any of its dependencies. With `handlers`, the admin routes too, over a stream reader
 * of those handlers that dead-letters an event on its first failure. With `personal`, personal
 * fields are sealed with its keys, and the admin routes forget subjects (without waiting).
 */
export async function startHttpHarness(
  raw: EventStore & ReaderStore,
  options: {
    keys?: JWTVerifyGetKey;
    overrides?: Partial<HttpDependencies>;
    handlers?: EventHandler[];
    personal?: PersonalDataStore;
  } = {},
) {
  const tokens = await createTokenFactory();
  const aggregates = [Calculator, KeystrokeCalculator, Counter, Broken];
  const { personal } = options;
  const store = personal ? encryptPersonalData(raw, { keys: personal, aggregates }) : raw;
  const registry = createAggregateRegistry([...aggregates, DataSubject]);
  const handler = createCommandHandler({ store, registry, newId: randomUUID, cache: createSnapshotCache() });
  const logs: LogEntry[] = [];
  const reader =
    options.handlers && createStreamReader({ store, handlers: options.handlers, newId: randomUUID, retryBudget: 1 });
  const app = createApp({
    handler,
    registry,
    verifyIdToken: createFirebaseIdTokenVerifier({
      projectId: PROJECT,
      keys: options.keys ?? tokens.keys,
      now,
      skewSeconds: S,
    }),
    allowedOrigins: [ALLOWED_ORIGIN],
    maxBodyBytes: BODY_LIMIT,
    log: (entry) => logs.push(entry),
    ...(reader && {
      admin: {
        store,
        reader,
        ...(personal && {
          forget: (actor, subject) =>
            forgetSubject(
              { store, keys: personal, registry, handlers: options.handlers!, reader, settle: async () => {} },
              actor,
              subject,
            ),
        }),
      },
    }),
    ...options.overrides,
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    tokens,
    logs,
    store,
    reader,
    /** Every event committed in the tenant so far. */
    eventsIn: async (tenant: string) => {
      while ((await store.sequence(tenant)).length > 0);
      return store.head(tenant);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
