/** `npm run docs`: rewrites the generated tables of the README and docs/ from the code. */
import { readFileSync, writeFileSync } from 'node:fs';
import { DOC_FILES, ROOT } from './doc-blocks.js';
import { renderTables } from './docs-tables.js';

for (const file of DOC_FILES) {
  const before = readFileSync(`${ROOT}${file}`, 'utf8');
  const after = renderTables(before);
  if (after !== before) {
    writeFileSync(`${ROOT}${file}`, after);
    console.log(`rewrote ${file}`);
  }
}
