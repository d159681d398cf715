import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

/** What the operator tools share: strict arguments, the project and help options, the usage exit, the demo- guard. */

export const commonOptions = {
  project: { type: 'string', default: process.env.GCLOUD_PROJECT ?? 'demo-event-store' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A mistake in the command line: said on stderr with the usage line, exit code 2, nothing done. */
export function usageError(usage: string, reason: string): never {
  console.error(`error: ${reason}\n${usage.split('\n')[0]}   (--help for more)`);
  process.exit(2);
}

/**
 * A tool's arguments, parsed strictly: an unknown option, an option without its value, or an
 * argument past `maxPositionals` (say a `[--skip]` copied with its brackets) is a usage error,
 * never ignored. `--help` prints the whole usage and exits 0.
 */
export function parseCli<const O extends ParseArgsOptionsConfig>(usage: string, options: O, maxPositionals = 0) {
  let parsed: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ options, allowPositionals: true, strict: true });
  } catch (error) {
    usageError(usage, (error as Error).message.split('. ')[0]!);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(usage);
    process.exit(0);
  }
  if (parsed.positionals.length > maxPositionals) {
    usageError(usage, `unexpected argument ${JSON.stringify(parsed.positionals[maxPositionals])}`);
  }
  return parsed;
}

/** Prints the whole usage on stderr and exits 2 when the arguments fall short. */
export function usageUnless(complete: boolean, usage: string) {
  if (!complete) {
    console.error(usage);
    process.exit(2);
  }
}

/** Where `npm start` runs each emulator (firebase.json). */
export const LOCAL_EMULATORS = { firestore: '127.0.0.1:8080', auth: '127.0.0.1:9099' } as const;

const answers = async (host: string) => {
  try {
    return (await fetch(`http://${host}/`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
};

/**
 * The emulator a tool talks to: the one given; for a demo- project without one (it exists only
 * in the emulators), the local stack's when it answers. Otherwise it says what to do, and exits
 * 2, rather than reach the network. Undefined: a real project (Application Default Credentials).
 */
export async function emulatorFor(project: string, given: string | undefined, which: keyof typeof LOCAL_EMULATORS) {
  if (given || !project.startsWith('demo-')) return given;
  const local = LOCAL_EMULATORS[which];
  if (await answers(local)) return local;
  console.error(
    `A demo- project exists only in the emulators, and none answers at ${local}: start them (npm start), or pass --emulator host:port`,
  );
  process.exit(2);
}
