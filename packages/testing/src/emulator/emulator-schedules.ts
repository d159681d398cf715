import type { EmulatorHosts } from './emulator-suite.js';

export interface EmulatorSchedulesOptions {
  /** The scheduled functions to run; default: `readPending` (the reader, then the workflows' due timers). */
  readonly functions?: readonly string[];
  /** How often; default: every minute, as the deployed schedule (`every 1 minutes`). */
  readonly everyMs?: number;
  readonly region?: string;
  /** Told when a run is refused or cannot be sent (the suite stopping, a function failing). */
  readonly onError?: (name: string, error: unknown) => void;
}

export interface EmulatorSchedules {
  /** Runs every function once now; resolves when all have answered. */
  runNow(): Promise<void>;
  /** No run starts after this; one under way finishes. */
  stop(): void;
}

/**
 * The Functions emulator never fires scheduled functions (it has no Cloud Scheduler): this runs
 * them through its trigger endpoint on a timer, so that on `npm start` the reader's safety net
 * and the workflows' timers behave as deployed, a timer firing within a minute of its time. One
 * run at a time per function: a run that outlasts the interval makes the next wait, never two
 * overlap (the schedule's `retryCount: 0` and its 60 s timeout allow no more either).
 */
export function runEmulatorSchedules(suite: EmulatorHosts, options: EmulatorSchedulesOptions = {}): EmulatorSchedules {
  if (!suite.functions) throw new Error('The Functions emulator is not running: no schedule to run');
  const { functions = ['readPending'], everyMs = 60_000, region = 'us-central1', onError } = options;
  const running = new Map<string, Promise<void>>();
  const runOne = (name: string) => {
    const url = `http://${suite.functions}/functions/projects/${suite.project}/triggers/${region}-${name}-0`;
    const run =
      running.get(name) ??
      fetch(url, { method: 'POST', signal: AbortSignal.timeout(everyMs + 60_000) })
        .then(async (response) => {
          await response.arrayBuffer();
          if (!response.ok) onError?.(name, new Error(`${name} answered ${response.status}`));
        })
        .catch((error: unknown) => onError?.(name, error))
        .finally(() => running.delete(name));
    running.set(name, run);
    return run;
  };
  const runNow = async () => {
    await Promise.all(functions.map(runOne));
  };
  const timer = setInterval(() => void runNow(), everyMs);
  timer.unref();
  return { runNow, stop: () => clearInterval(timer) };
}
