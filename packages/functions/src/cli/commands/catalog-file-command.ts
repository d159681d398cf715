import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Catalog } from '@firebase-event-store/kernel';
import { CATALOG_HELP, CATALOG_OPTION, defineCommand, HELP_HELP } from '../command.js';

/**
 * A command that writes one file rendered from the catalog: `name [<catalog module>] <output file>`.
 * The catalog module (the built one, for example lib/catalog.js) may be given first, or with --catalog.
 */
export function catalogFileCommand(settings: {
  readonly name: string;
  readonly summary: string;
  /** What the file holds, for the usage text. */
  readonly describes: string;
  readonly render: (catalog: Catalog) => string;
}) {
  return defineCommand({
    name: settings.name,
    summary: settings.summary,
    usage: `Usage: firebase-event-store ${settings.name} [<catalog module>] <output file>

Writes ${settings.describes} to the output file. The catalog module (the built one, for
example lib/catalog.js) may be given first, or with --catalog.

Options:
${CATALOG_HELP}
${HELP_HELP}`,
    options: CATALOG_OPTION,
    positionals: 2,
    check: ({ positionals }) => positionals.length >= 1,
    async run({ positionals }, context) {
      const [module, output] = positionals.length === 2 ? positionals : [undefined, positionals[0]];
      writeFileSync(resolve(context.cwd, output!), settings.render(await context.catalog(module)));
    },
  });
}
