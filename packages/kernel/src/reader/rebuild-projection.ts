import { Err } from '../err.js';
import type { Projection } from '../event-handler.js';
import {
  LeaseLost,
  NEW_PROJECTION,
  readerRules as rules,
  StepTooLarge,
  type DeadLetter,
  type LogStep,
  type ProjectionRecord,
} from '../ports/reader-store.js';
import { errorStatus } from './bounded-calls.js';
import { messageOf } from './failure-step.js';
import type { HandlerRun } from './handler-run.js';
import { keepingLease } from './keep-lease.js';
import { projectEvents, type ProjectionsSettings } from './run-projections.js';

/** What one step of a rebuild writes of its projection, and what it tells the rebuild. */
interface StepOwn<T> {
  readonly record: ProjectionRecord;
  readonly deadLetters?: readonly DeadLetter[];
  readonly result: T;
}

export interface RebuildSettings extends ProjectionsSettings {
  readonly newId: () => string;
  readonly leaseMs: number;
}

/**
 * Empties a projection's read model and runs it again from the first event to the head, alone,
 * under a lease kept from the reset to the end (the projections' steps leave it alone meanwhile,
 * and the others' places never move). Every step of it is one atomic write that checks the
 * lease, so a rebuild whose holder crashed is taken over where it stopped (`takeOver`): the
 * lease expired, the read model emptied again if it may not have been, the pages read on.
 */
export async function rebuildProjection(
  settings: RebuildSettings,
  tenant: string,
  projection: Projection,
  { takeOver = false }: { readonly takeOver?: boolean } = {},
): Promise<HandlerRun> {
  const { store, now, leaseMs, newId } = settings;
  const { name } = projection;
  const owner = newId();
  /** One step on this projection's record, while this rebuild holds it. */
  const stepOwn = <T>(
    pending: number,
    work: (record: ProjectionRecord, log: LogStep) => Promise<StepOwn<T>> | StepOwn<T>,
  ) =>
    store.stepLog(tenant, { pending }, async (log) => {
      const record = await log.projection(name);
      if (record.rebuild?.owner !== owner) throw new LeaseLost(`The rebuild of ${name} lost its lease`);
      const { record: next, deadLetters = [], result } = await work(record, log);
      return { writes: { projections: { [name]: next }, deadLetters }, result };
    });
  const lease = (cleared: boolean) => ({ owner, until: now() + leaseMs, cleared });

  const claimed = await store.stepLog(tenant, { pending: 0 }, async (log) => {
    const record = await log.projection(name);
    if (rules.heldByAnother(record.rebuild, owner, now()) || (takeOver && !record.rebuild))
      return { writes: {}, result: undefined };
    const next: ProjectionRecord =
      takeOver && record.rebuild
        ? { ...record, rebuild: lease(record.rebuild.cleared) }
        : { ...NEW_PROJECTION, rebuild: lease(false) };
    return { writes: { projections: { [name]: next } }, result: next };
  });
  if (!claimed) {
    if (takeOver) return { tenant, handler: name, status: 'busy', from: 0, to: 0 };
    throw Err.unavailable(`${name} is being rebuilt; try again`, 5);
  }
  const from = claimed.position;
  let position = from;
  const renew = () => stepOwn(0, (record) => ({ record: { ...record, rebuild: lease(true) }, result: true }));
  const result = (status: HandlerRun['status'], error?: string): HandlerRun => ({
    tenant,
    handler: name,
    status,
    from,
    to: position,
    ...(error !== undefined && { error }),
  });
  return keepingLease(renew, Math.max(leaseMs / 3, 100), async () => {
    try {
      if (!claimed.rebuild!.cleared) {
        await store.clearReadModel(tenant, projection.collections);
        await stepOwn(0, (record) => ({
          record: { ...record, position: 0, rebuild: lease(true) },
          result: undefined,
        }));
        position = 0;
      }
      let limit = settings.pageSize;
      for (;;) {
        const step = await stepOwn(0, async (record, log) => {
          // At the head: the rebuild ends, and the projection steps with the others again.
          if (record.position >= log.head)
            return { record: { ...record, rebuild: null }, result: { record, done: true } };
          const events = await log.readLog(record.position, limit);
          const members = [[projection, record]] as const;
          const { after, deadLetters } = await projectEvents(settings, tenant, log, members, events, 0);
          const next = after[name] ?? record;
          // A failure ends the rebuild too: the projection goes on with the others, its failure counted.
          const rebuild = next.failure ? null : lease(true);
          return { record: { ...next, rebuild }, deadLetters, result: { record: next, done: false } };
        }).catch((error: unknown) => {
          if (error instanceof StepTooLarge && limit > 1) return undefined;
          throw error;
        });
        if (!step) {
          limit = Math.ceil(limit / 2);
          continue;
        }
        position = step.record.position;
        const { failure, blocked } = step.record;
        if (failure) return result(blocked ? 'dead-lettered' : 'failed', failure.error);
        if (step.done) return result('caught-up');
      }
    } catch (error) {
      if (error instanceof LeaseLost) return result('lease-lost');
      return result(errorStatus(error), messageOf(error));
    }
  });
}
