/**
 * scripts/aggregate: an aggregate's snapshot and events, upcast to today's definitions with their
 * personal fields opened (or as stored: sealed, at their own versions).
 */
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { upcastFrom, type CommittedEvent } from '@firebase-event-store/kernel';
import { createDeployment } from '@firebase-event-store/functions';
import { catalog } from '../src/catalog.js';
import { commonOptions, emulatorFor, parseCli, usageUnless } from './lib/cli.js';

const usage = `Usage: scripts/aggregate --tenant <t> --type <Type> --id <id> [options]

Prints the aggregate's snapshot and its events (paged), as JSON. Each event's data is shown
upcast to the current version of its definition in the catalog, its personal fields opened
(or "[forgotten]"), as every read path sees it.

Options:
  --from <version>        first event to show (default 1)
  --as-stored             each event's data as it was written, at its own eventVersion, sealed
  --emulator <host:port>  the Firestore emulator (default: $FIRESTORE_EMULATOR_HOST, and for a
                          demo- project npm start's, 127.0.0.1:8080); without one, a real
                          project, with Application Default Credentials
  --project <id>          default: $GCLOUD_PROJECT or demo-event-store
  -h, --help              this text`;

const { values } = parseCli(usage, {
  tenant: { type: 'string' },
  type: { type: 'string' },
  id: { type: 'string' },
  from: { type: 'string', default: '1' },
  'as-stored': { type: 'boolean', default: false },
  emulator: { type: 'string', default: process.env.FIRESTORE_EMULATOR_HOST },
  ...commonOptions,
});
usageUnless(Boolean(values.tenant && values.type && values.id), usage);
const emulator = await emulatorFor(values.project, values.emulator, 'firestore');
if (emulator) process.env.FIRESTORE_EMULATOR_HOST = emulator;
const deployment = createDeployment(getFirestore(initializeApp({ projectId: values.project })), catalog, {
  projectId: values.project,
});
const asStored = values['as-stored'];
const store = asStored ? deployment.raw : deployment.store;
const stream = { tenant: values.tenant!, type: values.type!, id: values.id! };
const shown = asStored ? (event: CommittedEvent) => event : upcastFrom<CommittedEvent>(catalog.aggregates);
const events: CommittedEvent[] = [];
for await (const event of store.readStream(stream, { fromVersion: Number(values.from) })) events.push(shown(event));
console.log(JSON.stringify({ snapshot: (await store.loadSnapshot(stream)) ?? null, events }, null, 2));
process.exit(0);
