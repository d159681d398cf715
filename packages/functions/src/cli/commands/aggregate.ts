import { upcastFrom, type CommittedEvent } from '@firebase-event-store/kernel';
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
import { shownSnapshot } from '../shown-snapshot.js';
import { firestoreDeployment } from './firestore-deployment.js';

/** An aggregate's snapshot and events, upcast to today's definitions with their personal fields opened (or as stored). */
export const aggregate = defineCommand({
  name: 'aggregate',
  summary: "an aggregate's snapshot and events",
  usage: `Usage: firebase-event-store aggregate --tenant <t> --type <Type> --id <id> [options]

Prints the aggregate's snapshot and its events (paged), as JSON. Each event's data is shown
upcast to the current version of its definition in the catalog, its personal fields opened
(or "[forgotten]"), as every read path sees it.

Options:
  --from <version>        first event to show (default 1)
  --as-stored             each event's data as it was written, at its own eventVersion, sealed
${FIRESTORE_EMULATOR_HELP}
${PROJECT_HELP}
${CATALOG_HELP}
${HELP_HELP}`,
  options: {
    tenant: { type: 'string' },
    type: { type: 'string' },
    id: { type: 'string' },
    from: { type: 'string', default: '1' },
    'as-stored': { type: 'boolean', default: false },
    emulator: { type: 'string' },
    ...PROJECT_OPTION,
    ...CATALOG_OPTION,
  },
  check: ({ values }) => Boolean(values.tenant && values.type && values.id),
  async run({ values }, context) {
    const project = context.project();
    const catalog = await context.catalog();
    const deployment = await firestoreDeployment(
      project,
      values.emulator ?? setting(context.env, 'FIRESTORE_EMULATOR_HOST'),
      catalog,
    );
    const asStored = values['as-stored'];
    const store = asStored ? deployment.raw : deployment.store;
    const stream = { tenant: values.tenant!, type: values.type!, id: values.id! };
    const shown = asStored ? (event: CommittedEvent) => event : upcastFrom<CommittedEvent>(catalog.aggregates);
    const events: CommittedEvent[] = [];
    for await (const event of store.readStream(stream, { fromVersion: Number(values.from) })) events.push(shown(event));
    context.out(JSON.stringify({ snapshot: shownSnapshot(await store.loadSnapshot(stream)), events }, null, 2));
  },
});
