import type { parseArgs, ParseArgsOptionsConfig } from 'node:util';
import type { Catalog } from '@firebase-event-store/kernel';

/** The values of a command's options, as node:util's parseArgs types them. */
export type Values<O extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>
>['values'];

export interface Args<O extends ParseArgsOptionsConfig> {
  readonly values: Values<O>;
  readonly positionals: string[];
}

/** What a command reads and writes outside its arguments: given, so that tests run it in a folder of their own. */
export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
}

export interface CommandContext extends CliIo {
  /** --project, else a non-empty $GCLOUD_PROJECT, else .firebaserc's default; a UsageError otherwise. */
  project(): string;
  /** The catalog of `module`, else of --catalog, else the project's built one (catalog-module.ts). */
  catalog(module?: string): Promise<Catalog>;
}

/**
 * One command of `firebase-event-store`: its help text (the first line is its usage line), its
 * options (parsed strictly: an unknown option or one positional too many is a usage error), a
 * check of what it was given (false: the whole usage, exit 2; a string: that reason), and what
 * it does. Nothing runs before the arguments pass.
 */
export interface Command<O extends ParseArgsOptionsConfig = ParseArgsOptionsConfig> {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options: O;
  readonly positionals?: number;
  check?(args: Args<O>): boolean | string;
  run(args: Args<O>, context: CommandContext): Promise<number | void>;
}

export const defineCommand = <const O extends ParseArgsOptionsConfig>(command: Command<O>): Command<O> => command;

export const PROJECT_OPTION = { project: { type: 'string' } } as const;
export const CATALOG_OPTION = { catalog: { type: 'string' } } as const;
export const PROJECT_HELP = `  --project <id>          default: $GCLOUD_PROJECT, else .firebaserc's default project`;
export const CATALOG_HELP = `  --catalog <module>      the built catalog (default: lib/catalog.js of firebase.json's
                          functions folder, firebase.json found from the working folder up)`;
export const FIRESTORE_EMULATOR_HELP = `  --emulator <host:port>  the Firestore emulator (default: $FIRESTORE_EMULATOR_HOST, and for a
                          demo- project npm start's, 127.0.0.1:8080); without one, a real
                          project, with Application Default Credentials`;
export const HELP_HELP = `  -h, --help              this text`;

/** An environment variable's value, an empty one counting as unset. */
export const setting = (env: NodeJS.ProcessEnv, name: string) => env[name] || undefined;
