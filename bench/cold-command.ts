/**
 * Runs in a fresh process: one command on an existing aggregate, with no cache. The gRPC
 * channels are opened first (a read of another document through the SDK, and one through the
 * store's document reader), so what is timed is the command, not the connections.
 * Prints {"command": ms, "floor": ms}.
 */
import { randomUUID } from 'node:crypto';
import { actorOf } from '@firebase-event-store/testing';
import { connectEmulatorFirestore, TEST_PROJECT } from '@firebase-event-store/testing/emulator';
import { createDocumentReader } from '@firebase-event-store/firestore';
import { floorOp, handlerFor } from './store.bench.js';
import { timed } from './stats.js';

const [host, tenant, aggregateId] = process.argv.slice(2) as [string, string, string];
const db = connectEmulatorFirestore(host);
await db.doc(`warm-up/${randomUUID()}`).get();
await createDocumentReader(db, { projectId: TEST_PROJECT })(db.doc(`warm-up/${randomUUID()}`), ['n']);
const floor = await timed(() => floorOp(db));
const handler = handlerFor(db, false);
const command = await timed(() => handler.command(actorOf(tenant), 'Increment', { aggregateId, by: 1 }));
process.stdout.write(JSON.stringify({ command, floor }));
await db.terminate();
