import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port.js';
import { killTree, signalGroup, stopTree, treeGroups } from './process-group.js';

/** Google's Firestore emulator, installed with the Cloud SDK on this kind of machine. */
export const FIRESTORE_EMULATOR =
  process.env.FIRESTORE_EMULATOR_EXECUTABLE ??
  '/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud_firestore_emulator';

export interface RunningEmulator {
  /** `127.0.0.1:<port>`, the value for FIRESTORE_EMULATOR_HOST. */
  readonly host: string;
  stop(): Promise<void>;
  /** Freezes every process of the emulator (SIGSTOP), as a stalled database looks from outside. */
  pause(): void;
  /** Lets it go on (SIGCONT). */
  resume(): void;
}

async function waitUntilReady(host: string, exited: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited()) throw new Error('The Firestore emulator exited during start-up');
    try {
      const response = await fetch(`http://${host}/`);
      if ((await response.text()).trim() === 'Ok') return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`The Firestore emulator did not answer on ${host} within ${timeoutMs} ms`);
}

/**
 * Starts the emulator on a free loopback port, in a process group of its own. The wrapper
 * script starts a Java child: stopping means signalling the whole group, never a name.
 */
export async function startFirestoreEmulator(
  options: {
    rules?: string;
    timeoutMs?: number;
    /** An export's `.overall_export_metadata` file: the emulator starts with its data (a restore). */
    seedFromExport?: string;
  } = {},
): Promise<RunningEmulator> {
  if (!existsSync(FIRESTORE_EMULATOR)) {
    throw new Error(
      `The Firestore emulator is not installed at ${FIRESTORE_EMULATOR}. Install the Cloud SDK component ` +
        '"cloud-firestore-emulator" or set FIRESTORE_EMULATOR_EXECUTABLE to its start script.',
    );
  }
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const args = ['start', '--host=127.0.0.1', `--port=${port}`];
  if (options.rules) args.push(`--rules=${options.rules}`);
  if (options.seedFromExport) args.push(`--seed_from_export=${options.seedFromExport}`);
  const child = spawn(FIRESTORE_EMULATOR, args, { detached: true, stdio: 'ignore' });
  const group = child.pid!;
  let exited = false;
  child.once('exit', () => (exited = true));
  // Last resort if the test runner dies without its teardown: never leave Java holding a port.
  const killOnExit = () => killTree(group);
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    await stopTree(group, 5_000);
  };
  try {
    await waitUntilReady(host, () => exited, options.timeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  const signalTree = (name: NodeJS.Signals) => {
    for (const member of treeGroups(group)) signalGroup(member, name);
  };
  return { host, stop, pause: () => signalTree('SIGSTOP'), resume: () => signalTree('SIGCONT') };
}
