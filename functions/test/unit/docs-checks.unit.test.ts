import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configurationTable, errorCodeTable, renderTables } from '../../tools/docs/docs-tables.js';
import {
  anchors,
  DOC_FILES,
  relativeLinks,
  docBlocks,
  fencedBlocks,
  firstLine,
  isShell,
  NOT_RUN,
  ROOT,
  type DocBlock,
} from '../../tools/docs/doc-blocks.js';
import { RUN_BLOCKS } from '../support/doc-shell-blocks.js';

/** Shell blocks that no test runs and that do not say why: each as `file:line first line`. */
const unaccounted = (blocks: readonly DocBlock[]) =>
  blocks
    .filter((block) => isShell(block) && !NOT_RUN.test(block.before) && !(firstLine(block) in RUN_BLOCKS))
    .map((block) => `${block.file}:${block.line} ${firstLine(block)}`);

describe('the documentation (unit)', () => {
  it('every shell block is run by the e2e test (RUN_BLOCKS) or says before its fence why not', () => {
    const blocks = docBlocks();
    expect(blocks.filter(isShell).length).toBeGreaterThan(Object.keys(RUN_BLOCKS).length);
    expect(unaccounted(blocks)).toEqual([]);
    // And no entry of RUN_BLOCKS is stale: each names a block that is there, unmarked.
    const run = blocks.filter((block) => isShell(block) && !NOT_RUN.test(block.before)).map(firstLine);
    expect(Object.keys(RUN_BLOCKS).filter((line) => !run.includes(line))).toEqual([]);
  });

  it('a shell block neither run nor marked is reported; a marker or a run entry accounts for it', () => {
    const page = [
      '```bash\necho unexplained\n```',
      '<!-- needs a real project -->\n\n```sh\ngcloud auth application-default login\n```',
      '<!-- not run: the suite itself -->\n```bash\nnpm test\n```',
      '<!-- a comment that is no marker -->\n```bash\necho also unexplained\n```',
      '```bash\nnpx firebase-event-store readers lag --tenant acme\n```',
      '```ts\nconst notShell = 1;\n```',
    ].join('\n\n');
    expect(unaccounted(fencedBlocks('page.md', page))).toEqual([
      'page.md:1 echo unexplained',
      'page.md:17 echo also unexplained',
    ]);
  });

  it('the generated tables (configuration, error codes) are what the code renders now: npm run docs', () => {
    const pages = DOC_FILES.map((file) => ({ file, text: readFileSync(`${ROOT}${file}`, 'utf8') }));
    const stale = pages.filter(({ text }) => renderTables(text) !== text).map(({ file }) => file);
    expect(stale, 'pages whose generated tables differ from the code: run npm run docs').toEqual([]);
    const all = pages.map(({ text }) => text).join('\n');
    expect(all).toContain(configurationTable());
    expect(all).toContain(errorCodeTable());
  });

  it('a table that says another default than the code is stale', () => {
    const page = `<!-- generated: configuration (npm run docs) -->\n\n${configurationTable().replace('`65536`', '`64000`')}\n\n<!-- end generated -->\n`;
    expect(renderTables(page)).not.toBe(page);
    expect(renderTables(page)).toContain('`65536`');
  });

  it('every relative link of the README and docs/ reaches a file, and its anchor a heading there', () => {
    const broken = DOC_FILES.flatMap((file) =>
      relativeLinks(readFileSync(`${ROOT}${file}`, 'utf8')).flatMap(({ path, anchor }) => {
        const target = path === '' ? file : relative(ROOT, join(ROOT, dirname(file), path));
        if (!existsSync(`${ROOT}${target}`)) return [`${file}: ${path} does not exist`];
        if (anchor === undefined || !target.endsWith('.md')) return [];
        return anchors(readFileSync(`${ROOT}${target}`, 'utf8')).has(anchor) ? [] : [`${file}: ${target}#${anchor}`];
      }),
    );
    expect(broken).toEqual([]);
  });
});
