import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { deploymentRegistry } from '../../deployment.js';
import { openApiDocument } from '../../http/openapi.js';
import { CATALOG_HELP, CATALOG_OPTION, defineCommand, HELP_HELP } from '../command.js';

/** The command API's OpenAPI document, from the catalog. */
export const openapi = defineCommand({
  name: 'openapi',
  summary: "writes the command API's OpenAPI document",
  usage: `Usage: firebase-event-store openapi [<catalog module>] <output file>

Writes the OpenAPI document of the catalog's command API (JSON) to the output file. The
catalog module (the built one, for example lib/catalog.js) may be given first, or with --catalog.

Options:
${CATALOG_HELP}
${HELP_HELP}`,
  options: CATALOG_OPTION,
  positionals: 2,
  check: ({ positionals }) => positionals.length >= 1,
  async run({ positionals }, context) {
    const [module, output] = positionals.length === 2 ? positionals : [undefined, positionals[0]];
    const document = openApiDocument(deploymentRegistry(await context.catalog(module)));
    writeFileSync(resolve(context.cwd, output!), JSON.stringify(document, null, 2) + '\n');
  },
});
