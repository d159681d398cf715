import { setTimeout } from 'node:timers/promises';
import pRetry from 'p-retry';
import { Err, isAppError } from '../err.js';

export interface RetryPolicy {
  /** Attempts in all, the first included, when the caller gave no expected version. */
  readonly attempts: number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  /** No new attempt starts this long after the first: the command gives up with 409. */
  readonly maxRetryMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 25, minDelayMs: 5, maxDelayMs: 250, maxRetryMs: 5_000 };

/**
 * Runs `attempt` again while it loses a race (CONCURRENCY), each time told the version the
 * last one lost on, after a random wait up to an exponentially growing cap ("full jitter",
 * which spreads contenders out). Gives up with 409 CONCURRENCY when the policy is spent.
 */
export async function retryOnConflict<T>(
  policy: RetryPolicy,
  what: string,
  attempt: (lostAt: number | undefined) => Promise<T>,
  onConflict?: (attemptNumber: number) => void,
): Promise<T> {
  let lostAt: number | undefined;
  try {
    return await pRetry(() => attempt(lostAt), {
      retries: policy.attempts - 1,
      maxRetryTime: policy.maxRetryMs,
      minTimeout: 0, // the delay is ours, below: p-retry's own jitter keeps contenders in step
      shouldRetry: ({ error }) => isAppError(error, 'CONCURRENCY'),
      onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
        if (!isAppError(error, 'CONCURRENCY') || retriesLeft === 0) return;
        lostAt = error.details.expectedVersion;
        onConflict?.(attemptNumber);
        const cap = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** (attemptNumber - 1));
        await setTimeout(Math.random() * cap);
      },
    });
  } catch (error) {
    if (!isAppError(error, 'CONCURRENCY')) throw error;
    throw Err.concurrency(`${what} kept changing; gave up after retrying`, error);
  }
}
