/**
 * What `CHECK_REVOKED=always` costs a command that needs no role (the default, `roles`, checks
 * only commands that need one): the same warm command over HTTP with no check, with the check
 * answered from the 30-second status cache (a user's later commands), and with a lookup in
 * Firebase Auth every time (a user's first command in each 30 s), the Auth emulator's
 * `getUser` through firebase-admin. In production the lookup is a call to Google's Identity
 * Toolkit API instead, which this machine cannot reach.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createApp,
  createFirebaseIdTokenVerifier,
  createRevocationCheck,
  firebaseUserStatus,
} from '@firebase-event-store/functions/http';
import { createAggregateRegistry, createCommandHandler, createInMemoryEventStore } from '@firebase-event-store/kernel';
import { createTokenFactory, now as testNow, PROJECT } from '@firebase-event-store/testing';
import { Calculator } from './domain/calculator.js';
import { startSuite } from './emulator-suite.js';
import { connectEmulatorAuth } from '@firebase-event-store/testing/emulator';
import { median, timed, type Row } from './stats.js';

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );

export async function revocationBench(log: (line: string) => void): Promise<Row[]> {
  log('revocation: starting the Emulator Suite (for its Auth emulator)...');
  const suite = await startSuite();
  const servers: Server[] = [];
  try {
    const auth = connectEmulatorAuth(suite.auth, suite.project);
    const { uid } = await auth.signUp(`${randomUUID().slice(0, 8)}@bench.test`, 'bench-password');
    const lookUp = firebaseUserStatus(auth.admin);
    const tokens = await createTokenFactory();
    const token = await tokens.idToken({ sub: uid, user_id: uid, tenant: 'bench' });
    const registry = createAggregateRegistry([Calculator]);
    const serve = async (check?: ReturnType<typeof createRevocationCheck>) => {
      const app = createApp({
        handler: createCommandHandler({ store: createInMemoryEventStore(), registry, newId: randomUUID }),
        registry,
        verifyIdToken: createFirebaseIdTokenVerifier({ projectId: PROJECT, keys: tokens.keys, now: testNow }),
        allowedOrigins: [],
        ...(check && { revocation: { policy: 'always' as const, check } }),
        log: () => undefined,
      });
      const server = createServer(app);
      servers.push(server);
      const url = await listen(server);
      return () =>
        fetch(`${url}/commands/AddNumbers`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ aggregateId: 'calc', number1: 1, number2: 2 }),
        }).then(async (response) => {
          if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
          await response.arrayBuffer();
        });
    };
    const ops = {
      never: await serve(),
      cached: await serve(createRevocationCheck({ lookUp })),
      lookup: await serve(createRevocationCheck({ lookUp, cacheMs: 0 })),
    };
    log('revocation: 320 commands each way, interleaved...');
    const samples: Record<string, number[]> = {};
    const names = Object.keys(ops) as (keyof typeof ops)[];
    for (let i = 0; i < 320; i++) {
      for (const name of i % 2 === 0 ? names : [...names].reverse()) {
        const ms = await timed(ops[name]);
        if (i >= 20) (samples[name] ??= []).push(ms);
      }
    }
    const never = median(samples.never!);
    return [
      {
        scenario: 'CHECK_REVOKED=always, a role-less command: the status cached (a user’s commands within 30 s)',
        measure: 'p50 per command, vs no check',
        ours: median(samples.cached!),
        floor: never,
        unit: 'ms',
      },
      {
        scenario: 'CHECK_REVOKED=always, a role-less command: a lookup (a user’s first command in each 30 s)',
        measure: 'p50 per command, vs no check',
        ours: median(samples.lookup!),
        floor: never,
        unit: 'ms',
        note: 'Auth emulator getUser through firebase-admin',
      },
    ];
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    await suite.stop();
  }
}
