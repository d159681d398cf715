#!/usr/bin/env node
/**
 * `npm create firebase-event-store <folder>`: a new Firebase project on @firebase-event-store.
 *   --name <name>          the project's name (default: the folder's)
 *   --tarballs <folder>    depend on `npm pack` tarballs in this folder instead of the registry
 */
import { parseArgs } from 'node:util';
import { createProject } from './create-project.js';

const usage = 'Usage: npm create firebase-event-store <folder> [-- --name <name>] [--tarballs <folder>]';
try {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { name: { type: 'string' }, tarballs: { type: 'string' } },
  });
  const [directory] = positionals;
  if (!directory || positionals.length > 1) throw new Error(usage);
  const created = createProject({
    directory,
    ...(values.name !== undefined && { name: values.name }),
    ...(values.tarballs !== undefined && { packages: { tarballs: values.tarballs } }),
  });
  console.log(
    `Created ${created.name} in ${created.directory}. Next:\n  cd ${directory}\n  npm install\n  npm test\n  npm start`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
