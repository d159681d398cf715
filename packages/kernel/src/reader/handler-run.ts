/**
 * How a run ended. `error`: a store call failed; `timed-out`: one did not answer within its
 * deadline (a stalled database). The next run, a trigger's or the schedule's, goes on from
 * where either stopped.
 */
export type RunStatus =
  'caught-up' | 'busy' | 'blocked' | 'failed' | 'dead-lettered' | 'lease-lost' | 'out-of-time' | 'error' | 'timed-out';

/** What one run of one handler for one tenant did. */
export interface HandlerRun {
  readonly tenant: string;
  readonly handler: string;
  readonly status: RunStatus;
  /** Position before and after the run. */
  readonly from: number;
  readonly to: number;
  readonly error?: string;
}
