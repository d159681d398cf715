/** What the operator tools share: the project and help options, the usage exit, the demo- guard. */

export const commonOptions = {
  project: { type: 'string', default: process.env.GCLOUD_PROJECT ?? 'demo-event-store' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Prints the usage and exits when help was asked for (0) or the arguments fall short (2). */
export function usageUnless(complete: boolean, help: boolean | undefined, usage: string) {
  if (help || !complete) {
    console.log(usage);
    process.exit(help ? 0 : 2);
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
