import { readdirSync, readFileSync } from 'node:fs';

/** The repository's root. */
export const ROOT = new URL('../../../', import.meta.url).pathname;

/** The documentation a reader meets: the README and every page of docs/. */
export const DOC_FILES = [
  'README.md',
  ...readdirSync(`${ROOT}docs`)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];

export interface DocBlock {
  /** The file, relative to the root. */
  readonly file: string;
  /** The line of the opening fence (1-based). */
  readonly line: number;
  /** The fence's language: ts, bash, sh... */
  readonly lang: string;
  readonly code: string;
  /** The non-blank line before the fence (an HTML comment that marks a block, when there is one). */
  readonly before: string;
}

/** Every fenced block of a markdown text, with its language and where it starts. */
export function fencedBlocks(file: string, markdown: string): DocBlock[] {
  const lines = markdown.split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.findIndex((line, j) => j > i && /^```\s*$/.test(line));
    if (end === -1) throw new Error(`${file}:${i + 1}: a fence that is never closed`);
    let previous = i - 1;
    while (previous >= 0 && lines[previous]!.trim() === '') previous--;
    blocks.push({
      file,
      line: i + 1,
      lang: open[1]!,
      code: lines.slice(i + 1, end).join('\n') + '\n',
      before: previous >= 0 ? lines[previous]!.trim() : '',
    });
    i = end;
  }
  return blocks;
}

/** Every fenced block of the documentation. */
export const docBlocks = (): DocBlock[] =>
  DOC_FILES.flatMap((file) => fencedBlocks(file, readFileSync(`${ROOT}${file}`, 'utf8')));

export const isShell = (block: DocBlock) => ['bash', 'sh', 'shell'].includes(block.lang);

/**
 * A shell block no test runs says why, in a comment right before its fence:
 * `<!-- needs a real project -->` or `<!-- not run: <why> -->`.
 */
export const NOT_RUN = /^<!-- (needs a real project|not run: .+) -->$/;

export const firstLine = (block: Pick<DocBlock, 'code'>) => block.code.split('\n')[0]!.trim();

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens. */
export const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

/** The anchors of a markdown text's headings (outside fenced blocks). */
export function anchors(markdown: string): Set<string> {
  const outside = markdown.replace(/^```[\s\S]*?^```$/gm, '');
  return new Set([...outside.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1]!)));
}

/** The relative links of a markdown text (outside fenced blocks): target path and anchor. */
export function relativeLinks(markdown: string): { path: string; anchor?: string }[] {
  const outside = markdown.replace(/^```[\s\S]*?^```$/gm, '');
  return [...outside.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z]+:/.test(target))
    .map((target) => {
      const [path = '', anchor] = target.split('#');
      return anchor === undefined ? { path } : { path, anchor };
    });
}
