import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { docBlocks, ROOT } from '../../tools/docs/doc-blocks.js';

/**
 * Every ```ts block of the README and of docs/ compiles, as a module of its own, against the
 * packages' public exports (their `exports` maps, read from source as the typecheck reads them):
 * an example that names an option the API does not have fails here, not in a reader's editor.
 * The blocks are placed beside this file, so they resolve packages as a project of the team would;
 * a block that opens with a file name (`// calculator.ts`) is that file of its page's folder, so
 * the page's later blocks import it (`./calculator.js`).
 */
const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2024,
  lib: ['lib.es2024.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  moduleDetection: ts.ModuleDetectionKind.Force,
  customConditions: ['source'],
  types: ['node'],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  esModuleInterop: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
};

function compile() {
  const blocks = docBlocks().filter((block) => ['ts', 'typescript'].includes(block.lang));
  const files = new Map(
    blocks.map((block) => {
      const named = /^\/\/ ([a-z0-9-]+\.ts)$/.exec(block.code.split('\n')[0]!)?.[1];
      return [
        `${ROOT}functions/test/unit/docs-examples/${block.file.replace(/[/.]/g, '_')}/${named ?? `line-${block.line}.ts`}`,
        block,
      ];
    }),
  );
  // The disk's host, with the blocks' files (and their folders) laid over it.
  const disk = ts.createCompilerHost(options);
  const folders = new Set([...files.keys()].map((name) => name.slice(0, name.lastIndexOf('/'))));
  const host: ts.CompilerHost = {
    ...disk,
    fileExists: (name) => files.has(name) || disk.fileExists(name),
    directoryExists: (name) => folders.has(name) || (disk.directoryExists?.(name) ?? true),
    readFile: (name) => files.get(name)?.code ?? disk.readFile(name),
    getSourceFile: (name, language, ...rest) => {
      const block = files.get(name);
      return block
        ? ts.createSourceFile(name, block.code, language, true)
        : disk.getSourceFile(name, language, ...rest);
    },
  };
  const program = ts.createProgram([...files.keys()], options, host);
  const problems = [...files.keys()].flatMap((name) => {
    const block = files.get(name)!;
    return ts.getPreEmitDiagnostics(program, program.getSourceFile(name)).map((diagnostic) => {
      const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n').split('\n')[0];
      return `${block.file}:${block.line + 1 + line} TS${diagnostic.code}: ${text}`;
    });
  });
  return { blocks, problems };
}

describe('the documentation’s TypeScript examples (unit)', () => {
  it('every ```ts block of the README and docs/ compiles against the packages’ public exports', () => {
    const { blocks, problems } = compile();
    expect(blocks.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});
