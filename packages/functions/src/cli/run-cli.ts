import { resolve } from 'node:path';
import type { Catalog } from '@firebase-event-store/kernel';
import { defaultCatalogModule, loadCatalog } from './catalog-module.js';
import { CliError, UsageError } from './cli-error.js';
import type { CliIo, Command, CommandContext } from './command.js';
import { COMMANDS } from './commands/index.js';
import { parseCommand } from './parse-command.js';
import { resolveProjectId } from './project-id.js';

const width = Math.max(...COMMANDS.map(({ name }) => name.length)) + 2;
export const TOP_USAGE = `Usage: firebase-event-store <command> [options]   (<command> --help for its own)

Commands:
${COMMANDS.map(({ name, summary }) => `  ${name.padEnd(width)}${summary}`).join('\n')}

A command that reads the catalog takes --catalog <module>: by default the project's built
catalog, lib/catalog.js of the functions folder that the nearest firebase.json (from the
working folder up) names. --project defaults to $GCLOUD_PROJECT, else .firebaserc's default.`;

const firstLine = (text: string) => text.split('\n')[0]!;

/**
 * The command line: the command named first, run with the rest. Returns the exit code: 0 done,
 * 1 failed, 2 a mistake in the command line (an unknown command, an unknown or missing
 * argument: the reason and the usage line on stderr, nothing done). Errors other than a
 * CliError are thrown to the caller (main.ts says them in one line).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h') {
    io.out(TOP_USAGE);
    return 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.err(
      `${name === undefined ? 'error: no command' : `error: unknown command ${JSON.stringify(name)}`}\n${firstLine(TOP_USAGE)}`,
    );
    return 2;
  }
  try {
    const parsed = parseCommand(command, rest);
    if (parsed.help) {
      io.out(command.usage);
      return 0;
    }
    if (parsed.incomplete) {
      io.err(command.usage);
      return 2;
    }
    return (await command.run(parsed.args, contextFor(command, parsed.args.values, io))) ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}\n${firstLine(command.usage)}   (--help for more)`);
      return error.exitCode;
    }
    if (error instanceof CliError) {
      io.err(error.message);
      return error.exitCode;
    }
    throw error;
  }
}

function contextFor(command: Command, values: Record<string, unknown>, io: CliIo): CommandContext {
  const option = (name: string) => (typeof values[name] === 'string' ? values[name] : undefined);
  return {
    ...io,
    project: () => resolveProjectId(option('project'), io.env, io.cwd),
    catalog: (module?: string): Promise<Catalog> => {
      if (module !== undefined && option('catalog') !== undefined)
        throw new UsageError(`the catalog module given twice: ${module} and --catalog ${option('catalog')}`);
      return loadCatalog(resolve(io.cwd, module ?? option('catalog') ?? defaultCatalogModule(io.cwd)));
    },
  };
}
