import type { CommittedEvent } from '../ports/event-store.js';

/** What a command answers: the aggregate after it, and the events it committed. */
export interface CommandResult {
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly version: number;
  readonly events: readonly CommittedEvent[];
  readonly state: unknown;
  /** True when this answers a retry: the result of the earlier commit under the same key. */
  readonly replayed?: boolean;
}
