/** scripts/aggregate: an aggregate's snapshot and events, upcast to today's definitions (or as stored). */
import { parseArgs } from 'node:util';
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { upcastFrom, type CommittedEvent } from '@firebase-event-store/kernel';
import { createFirestoreEventStore } from '@firebase-event-store/firestore';
import { catalog } from '../src/catalog.js';
import { commonOptions, emulatorFor, usageUnless } from './lib/cli.js';

const usage = `Usage: scripts/aggregate --tenant <t> --type <Type> --id <id> [options]

Prints the aggregate's snapshot and its events (paged), as JSON. Each event's data is shown
upcast to the current version of its definition in the catalog, as every read path sees it.

Options:
  --from <version>        first event to show (default 1)
  --as-stored             each event's data as it was written, at its own eventVersion
  --emulator <host:port>  the Firestore emulator (default: $FIRESTORE_EMULATOR_HOST, and for a
                          demo- project npm start's, 127.0.0.1:8080); without one, a real
                          project, with Application Default Credentials
  --project <id>          default: $GCLOUD_PROJECT or demo-event-store
  -h, --help              this text`;

const { values } = parseArgs({
  options: {
    tenant: { type: 'string' },
    type: { type: 'string' },
    id: { type: 'string' },
    from: { type: 'string', default: '1' },
    'as-stored': { type: 'boolean', default: false },
    emulator: { type: 'string', default: process.env.FIRESTORE_EMULATOR_HOST },
    ...commonOptions,
  },
});
usageUnless(Boolean(values.tenant && values.type && values.id), values.help, usage);
const emulator = await emulatorFor(values.project, values.emulator, 'firestore');
if (emulator) process.env.FIRESTORE_EMULATOR_HOST = emulator;
const store = createFirestoreEventStore(getFirestore(initializeApp({ projectId: values.project })), {
  projectId: values.project,
});
const stream = { tenant: values.tenant!, type: values.type!, id: values.id! };
const shown = values['as-stored'] ? (event: CommittedEvent) => event : upcastFrom<CommittedEvent>(catalog.aggregates);
const events: CommittedEvent[] = [];
for await (const event of store.readStream(stream, { fromVersion: Number(values.from) })) events.push(shown(event));
console.log(JSON.stringify({ snapshot: (await store.loadSnapshot(stream)) ?? null, events }, null, 2));
process.exit(0);
