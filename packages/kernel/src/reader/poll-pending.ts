import pLimit from 'p-limit';
import type { HandlerRun, StreamReader } from './stream-reader.js';

export interface PollPendingOptions {
  /** When the whole run must be done (ms since the epoch). */
  readonly deadline: number;
  /** Tenants polled at the same time. */
  readonly concurrency?: number;
  /** The most one tenant may take, so one slow tenant never holds up the others for long. */
  readonly perTenantMs?: number;
  readonly now?: () => number;
}

/**
 * The scheduled safety net: every tenant with events to sequence or a handler behind, polled
 * a few at a time, each with its own time slice. A tenant cut short is picked up next run.
 */
export async function pollPending(reader: StreamReader, options: PollPendingOptions): Promise<HandlerRun[]> {
  const now = options.now ?? Date.now;
  const limit = pLimit(options.concurrency ?? 8);
  const perTenantMs = options.perTenantMs ?? 20_000;
  const tenants = await reader.pendingTenants();
  const runs = await Promise.all(
    tenants.map((tenant) =>
      limit(() =>
        now() >= options.deadline
          ? Promise.resolve([])
          : reader.poll(tenant, { deadline: Math.min(options.deadline, now() + perTenantMs) }),
      ),
    ),
  );
  return runs.flat();
}
