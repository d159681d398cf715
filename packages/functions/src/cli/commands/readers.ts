import {
  CATALOG_HELP,
  CATALOG_OPTION,
  defineCommand,
  FIRESTORE_EMULATOR_HELP,
  HELP_HELP,
  PROJECT_HELP,
  PROJECT_OPTION,
  setting,
} from '../command.js';
import { firestoreDeployment } from './firestore-deployment.js';

const ACTIONS = ['lag', 'run', 'pending', 'dead-letters', 'release', 'rebuild'];

/** The stream reader for operators, against the Firestore emulator or a real project. Prints JSON. */
export const readers = defineCommand({
  name: 'readers',
  summary: 'the stream reader: lag, run now, pending, dead letters, release, rebuild',
  usage: `Usage: firebase-event-store readers <command> [handler] [options]

Commands:
  lag --tenant <t>                  each handler's position, the log head, events and seconds behind
  run --tenant <t>                  sequence the tenant's new events and run every handler now
  pending                           tenants with events to sequence or a handler behind
  dead-letters --tenant <t>         the events handlers stopped on
  release <handler> --tenant <t>    let a stopped handler go on and retry its event;
                                    with --skip, pass over that event for good
  rebuild <handler> --tenant <t>    empty a projection's read model and run it from the first event

Options:
${PROJECT_HELP}
${FIRESTORE_EMULATOR_HELP}
${CATALOG_HELP}
${HELP_HELP}`,
  options: {
    tenant: { type: 'string' },
    skip: { type: 'boolean', default: false },
    emulator: { type: 'string' },
    ...PROJECT_OPTION,
    ...CATALOG_OPTION,
  },
  positionals: 2,
  check({ values, positionals: [action, handler] }) {
    const needsHandler = action === 'release' || action === 'rebuild';
    if (action !== undefined && !ACTIONS.includes(action)) return `unknown command ${JSON.stringify(action)}`;
    if (handler !== undefined && !needsHandler) return `${action} takes no handler (${JSON.stringify(handler)})`;
    if (values.skip && action !== 'release') return '--skip goes with release only';
    return action !== undefined && !(action !== 'pending' && !values.tenant) && !(needsHandler && !handler);
  },
  async run({ values, positionals: [action, handler] }, context) {
    const project = context.project();
    const catalog = await context.catalog();
    // The deployment's reader, over this project's Firestore: the catalog's handlers, personal data opened.
    const { reader } = await firestoreDeployment(
      project,
      values.emulator ?? setting(context.env, 'FIRESTORE_EMULATOR_HOST'),
      catalog,
    );
    const tenant = values.tenant!;
    const actions: Record<string, () => Promise<unknown>> = {
      lag: () => reader.lag(tenant),
      run: () => reader.poll(tenant),
      pending: () => reader.pendingTenants(),
      'dead-letters': () => reader.deadLetters(tenant),
      release: async () => (await reader.release(tenant, handler!, { skip: values.skip }), reader.poll(tenant)),
      rebuild: () => reader.rebuild(tenant, handler!),
    };
    context.out(JSON.stringify(await actions[action!]!(), null, 2));
  },
});
