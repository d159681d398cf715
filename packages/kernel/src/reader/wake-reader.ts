import pRetry from 'p-retry';
import type { HandlerRun, StreamReader } from './stream-reader.js';

/** A poll that ended in a store error (not a handler's failure): worth running again soon. */
class PollFailed extends Error {
  override readonly name = 'PollFailed';
  constructor(readonly runs: HandlerRun[]) {
    super(runs.map((run) => `${run.handler}: ${run.error ?? run.status}`).join('; '));
  }
}

/**
 * What a wake-up (an event's onCreate trigger) does for its tenant: polls the reader, and polls
 * again, with backoff and within the deadline, when the poll threw or a run stopped on an error
 * of the store (contention, a lost connection) rather than on a handler's own failure, which
 * has its retry budget and dead letter. Not after a store call timed out: a stalled database
 * would hold the function for every retry, and the schedule runs the tenant again anyway. The schedule would pick the tenant up within a minute anyway;
 * this keeps the projections current meanwhile, and where no schedule runs (the emulator).
 * Resolves with the last poll's runs; rejects only when every attempt threw.
 */
export async function wakeReader(
  reader: StreamReader,
  tenant: string,
  { deadline, retries = 3 }: { readonly deadline: number; readonly retries?: number },
): Promise<HandlerRun[]> {
  let last: HandlerRun[] | undefined;
  try {
    return await pRetry(
      async () => {
        const runs = await reader.poll(tenant, { deadline });
        last = runs;
        if (runs.some((run) => run.status === 'error')) throw new PollFailed(runs);
        return runs;
      },
      { retries, minTimeout: 200, factor: 2, maxRetryTime: Math.max(0, deadline - Date.now() - 5_000) },
    );
  } catch (error) {
    if (error instanceof PollFailed && last) return last;
    throw error;
  }
}
