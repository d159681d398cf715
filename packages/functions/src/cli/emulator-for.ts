import { CliError } from './cli-error.js';

/** Where `npm start` (firebase.json's emulators) runs each emulator: loopback only. */
export const LOCAL_EMULATORS = { firestore: '127.0.0.1:8080', auth: '127.0.0.1:9099' } as const;

const answers = async (host: string) => {
  try {
    return (await fetch(`http://${host}/`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
};

/**
 * The emulator a command talks to: the one given; for a demo- project without one (it exists
 * only in the emulators), the local stack's on loopback when it answers. Otherwise it says what
 * to do (exit 2) rather than reach the network. Undefined: a real project, with Application
 * Default Credentials.
 */
export async function emulatorFor(project: string, given: string | undefined, which: keyof typeof LOCAL_EMULATORS) {
  if (given || !project.startsWith('demo-')) return given || undefined;
  const local = LOCAL_EMULATORS[which];
  if (await answers(local)) return local;
  throw new CliError(
    `A demo- project exists only in the emulators, and none answers at ${local}: start them (npm start), or pass --emulator host:port`,
  );
}
