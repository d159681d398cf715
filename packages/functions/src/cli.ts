#!/usr/bin/env node
/**
 * `firebase-event-store`: what a project's build derives from its catalog, and what an operator
 * runs with it.
 *   firebase-event-store rules <catalog module> <firestore.rules>    writes the security rules
 *   firebase-event-store openapi <catalog module> <openapi.json>     writes the API's OpenAPI document
 *   firebase-event-store forget-again <catalog module> --tenant <t> [--project <id>]
 *       after a restore of the main database: forgets again every subject the keys say was
 *       forgotten (docs/security.md); Application Default Credentials, or FIRESTORE_EMULATOR_HOST
 * The catalog module is the built one (for example lib/catalog.js); it must export `catalog`.
 */
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parseActor, SAFE_ID, type Catalog } from '@firebase-event-store/kernel';
import { createDeployment, deploymentRegistry } from './deployment.js';
import { renderFirestoreRules } from './firestore-rules.js';
import { openApiDocument } from './http/openapi.js';

const usage = `Usage: firebase-event-store rules|openapi <catalog module> <output file>
       firebase-event-store forget-again <catalog module> --tenant <t> [--project <id>]`;
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { tenant: { type: 'string' }, project: { type: 'string', default: process.env.GCLOUD_PROJECT } },
});
const [command, catalogPath, output] = positionals;
const build = (command === 'rules' || command === 'openapi') && output !== undefined && positionals.length === 3;
const forgetAgain =
  command === 'forget-again' && positionals.length === 2 && SAFE_ID.test(values.tenant ?? '') && !!values.project;
if (!catalogPath || !(build || forgetAgain)) {
  console.error(usage);
  process.exit(2);
}
const { catalog } = (await import(pathToFileURL(resolve(catalogPath)).href)) as { catalog?: Catalog };
if (!catalog) {
  console.error(`${catalogPath} exports no catalog (export const catalog = defineCatalog(...))`);
  process.exit(2);
}
if (forgetAgain) {
  const [{ initializeApp }, { getFirestore }] = await Promise.all([
    import('firebase-admin/app'),
    import('firebase-admin/firestore'),
  ]);
  const projectId = values.project!;
  const deployment = createDeployment(getFirestore(initializeApp({ projectId })), catalog, { projectId });
  // The audit events name who ran it: the operator's login on this machine.
  const operator = parseActor({
    id: `operator:${userInfo().username}`,
    name: userInfo().username,
    tenant: values.tenant,
    roles: ['admin'],
  });
  console.log(JSON.stringify(await deployment.forgetAgain(operator)));
} else {
  const text =
    command === 'rules'
      ? renderFirestoreRules(catalog)
      : JSON.stringify(openApiDocument(deploymentRegistry(catalog)), null, 2) + '\n';
  writeFileSync(output!, text);
}
