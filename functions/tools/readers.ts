/**
 * scripts/readers: the stream reader for operators, against the Firestore emulator or a real
 * project. Prints JSON.
 */
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { createDeployment } from '@firebase-event-store/functions';
import { catalog } from '../src/catalog.js';
import { commonOptions, emulatorFor, parseCli, usageError, usageUnless } from './lib/cli.js';

const usage = `Usage: scripts/readers <command> [handler] [options]

Commands:
  lag --tenant <t>                  each handler's position, the log head, events and seconds behind
  run --tenant <t>                  sequence the tenant's new events and run every handler now
  pending                           tenants with events to sequence or a handler behind
  dead-letters --tenant <t>         the events handlers stopped on
  release <handler> --tenant <t>    let a stopped handler go on and retry its event;
                                    with --skip, pass over that event for good
  rebuild <handler> --tenant <t>    empty a projection's read model and run it from the first event

Options:
  --project <id>          Firebase project (default: $GCLOUD_PROJECT or demo-event-store)
  --emulator <host:port>  the Firestore emulator (default: $FIRESTORE_EMULATOR_HOST, and for a
                          demo- project npm start's, 127.0.0.1:8080); without one, a real
                          project, with Application Default Credentials
  -h, --help              this text`;

const { values, positionals } = parseCli(
  usage,
  {
    tenant: { type: 'string' },
    skip: { type: 'boolean', default: false },
    emulator: { type: 'string', default: process.env.FIRESTORE_EMULATOR_HOST },
    ...commonOptions,
  },
  2,
);
const [command, handler] = positionals;
const needsTenant = command !== 'pending';
const needsHandler = command === 'release' || command === 'rebuild';
const known = ['lag', 'run', 'pending', 'dead-letters', 'release', 'rebuild'];
if (command !== undefined && !known.includes(command)) usageError(usage, `unknown command ${JSON.stringify(command)}`);
if (handler !== undefined && !needsHandler)
  usageError(usage, `${command} takes no handler (${JSON.stringify(handler)})`);
if (values.skip && command !== 'release') usageError(usage, '--skip goes with release only');
usageUnless(command !== undefined && !(needsTenant && !values.tenant) && !(needsHandler && !handler), usage);
const emulator = await emulatorFor(values.project, values.emulator, 'firestore');
if (emulator) process.env.FIRESTORE_EMULATOR_HOST = emulator;
// The deployment's reader, over this project's Firestore: the catalog's handlers, personal data opened.
const { reader } = createDeployment(getFirestore(initializeApp({ projectId: values.project })), catalog, {
  projectId: values.project,
});
const tenant = values.tenant!;
const commands: Record<string, () => Promise<unknown>> = {
  lag: () => reader.lag(tenant),
  run: () => reader.poll(tenant),
  pending: () => reader.pendingTenants(),
  'dead-letters': () => reader.deadLetters(tenant),
  release: async () => (await reader.release(tenant, handler!, { skip: values.skip }), reader.poll(tenant)),
  rebuild: () => reader.rebuild(tenant, handler!),
};
console.log(JSON.stringify(await commands[command!]!(), null, 2));
process.exit(0);
