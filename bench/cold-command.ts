/**
 * Runs in a fresh process: one command on an existing aggregate, with no cache. The gRPC
 * channel is opened first (a read of another document), so what is timed is the command,
 * not the connection. Prints {"command": ms, "floor": ms}.
 */
import { randomUUID } from 'node:crypto';
import { actorOf } from '../functions/test/support/actors.js';
import { connectEmulatorFirestore } from '../functions/test/support/emulator-firestore.js';
import { floorOp, handlerFor } from './store.bench.js';
import { timed } from './stats.js';

const [host, tenant, aggregateId] = process.argv.slice(2) as [string, string, string];
const db = connectEmulatorFirestore(host);
await db.doc(`warm-up/${randomUUID()}`).get();
const floor = await timed(() => floorOp(db));
const handler = handlerFor(db, false);
const command = await timed(() => handler.command(actorOf(tenant), 'Increment', { aggregateId, by: 1 }));
process.stdout.write(JSON.stringify({ command, floor }));
await db.terminate();
