import { deploymentRegistry } from '../../deployment.js';
import { openApiDocument } from '../../http/openapi.js';
import { catalogFileCommand } from './catalog-file-command.js';

/** The command API's OpenAPI document, from the catalog. */
export const openapi = catalogFileCommand({
  name: 'openapi',
  summary: "writes the command API's OpenAPI document",
  describes: "the OpenAPI document of the catalog's command API (JSON)",
  render: (catalog) => JSON.stringify(openApiDocument(deploymentRegistry(catalog)), null, 2) + '\n',
});
