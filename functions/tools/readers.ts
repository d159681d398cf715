/**
 * scripts/readers: the stream reader for operators, against the Firestore emulator or a real
 * project. Prints JSON.
 */
import { parseArgs } from 'node:util';

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
  --emulator <host:port>  the Firestore emulator (default: $FIRESTORE_EMULATOR_HOST); without it
                          a real project, with Application Default Credentials
  -h, --help              this text`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    tenant: { type: 'string' },
    skip: { type: 'boolean', default: false },
    project: { type: 'string', default: process.env.GCLOUD_PROJECT ?? 'demo-event-store' },
    emulator: { type: 'string', default: process.env.FIRESTORE_EMULATOR_HOST },
    help: { type: 'boolean', short: 'h' },
  },
});
const [command, handler] = positionals;
const needsTenant = command !== 'pending';
const needsHandler = command === 'release' || command === 'rebuild';
const known = ['lag', 'run', 'pending', 'dead-letters', 'release', 'rebuild'];
if (
  values.help ||
  !command ||
  !known.includes(command) ||
  (needsTenant && !values.tenant) ||
  (needsHandler && !handler)
) {
  console.log(usage);
  process.exit(values.help ? 0 : 2);
}
if (values.emulator) process.env.FIRESTORE_EMULATOR_HOST = values.emulator;
else if (values.project.startsWith('demo-')) {
  console.error('A demo- project exists only in the emulators: pass --emulator host:port');
  process.exit(2);
}
process.env.GCLOUD_PROJECT = values.project;
delete process.env.FIREBASE_AUTH_EMULATOR_HOST; // this tool verifies no tokens; composition refuses it outside the emulator

const { reader } = await import('../src/composition.js');
const tenant = values.tenant!;
const commands: Record<string, () => Promise<unknown>> = {
  lag: () => reader.lag(tenant),
  run: () => reader.poll(tenant),
  pending: () => reader.pendingTenants(),
  'dead-letters': () => reader.deadLetters(tenant),
  release: async () => (await reader.release(tenant, handler!, { skip: values.skip }), reader.poll(tenant)),
  rebuild: () => reader.rebuild(tenant, handler!),
};
console.log(JSON.stringify(await commands[command]!(), null, 2));
process.exit(0);
