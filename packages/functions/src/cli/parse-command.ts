import { parseArgs } from 'node:util';
import { UsageError } from './cli-error.js';
import type { Args, Command } from './command.js';

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * A command's arguments, parsed strictly: an unknown option, an option without its value, or an
 * argument past the ones it takes (say a `[--skip]` copied with its brackets) is a UsageError,
 * never ignored. `help` says --help was asked for; `incomplete` that its check failed.
 */
export function parseCommand(
  command: Command,
  argv: readonly string[],
): { help: true } | { help: false; incomplete: boolean; args: Args<Command['options']> } {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof HELP; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...command.options, ...HELP },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('. ')[0]!);
  }
  if (parsed.values.help) return { help: true };
  const max = command.positionals ?? 0;
  if (parsed.positionals.length > max)
    throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[max])}`);
  const args = { values: parsed.values, positionals: parsed.positionals };
  const verdict = command.check?.(args) ?? true;
  if (typeof verdict === 'string') throw new UsageError(verdict);
  return { help: false, incomplete: !verdict, args };
}
