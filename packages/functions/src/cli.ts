#!/usr/bin/env node
/**
 * `firebase-event-store`: what a project's build derives from its catalog.
 *   firebase-event-store rules <catalog module> <firestore.rules>    writes the security rules
 *   firebase-event-store openapi <catalog module> <openapi.json>     writes the API's OpenAPI document
 * The catalog module is the built one (for example lib/catalog.js); it must export `catalog`.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Catalog } from '@firebase-event-store/kernel';
import { deploymentRegistry } from './deployment.js';
import { renderFirestoreRules } from './firestore-rules.js';
import { openApiDocument } from './http/openapi.js';

const usage = `Usage: firebase-event-store rules|openapi <catalog module> <output file>`;
const [command, catalogPath, output] = process.argv.slice(2);
if (!command || !catalogPath || !output || !['rules', 'openapi'].includes(command)) {
  console.error(usage);
  process.exit(2);
}
const { catalog } = (await import(pathToFileURL(resolve(catalogPath)).href)) as { catalog?: Catalog };
if (!catalog) {
  console.error(`${catalogPath} exports no catalog (export const catalog = defineCatalog(...))`);
  process.exit(2);
}
const text =
  command === 'rules'
    ? renderFirestoreRules(catalog)
    : JSON.stringify(openApiDocument(deploymentRegistry(catalog)), null, 2) + '\n';
writeFileSync(output, text);
