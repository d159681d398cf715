import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderFirestoreRules } from '../../firestore-rules.js';
import { CATALOG_HELP, CATALOG_OPTION, defineCommand, HELP_HELP } from '../command.js';

/** The Firestore security rules of a catalog: what a project's build writes (firestore.rules). */
export const rules = defineCommand({
  name: 'rules',
  summary: "writes the catalog's Firestore security rules",
  usage: `Usage: firebase-event-store rules [<catalog module>] <output file>

Writes the Firestore security rules of the catalog (clients read snapshots and read models of
their own tenant; nothing else) to the output file. The catalog module (the built one, for
example lib/catalog.js) may be given first, or with --catalog.

Options:
${CATALOG_HELP}
${HELP_HELP}`,
  options: CATALOG_OPTION,
  positionals: 2,
  check: ({ positionals }) => positionals.length >= 1,
  async run({ positionals }, context) {
    const [module, output] = positionals.length === 2 ? positionals : [undefined, positionals[0]];
    writeFileSync(resolve(context.cwd, output!), renderFirestoreRules(await context.catalog(module)));
  },
});
