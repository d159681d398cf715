import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import pRetry from 'p-retry';
import type { Actor } from '../actor.js';
import type { AggregateRegistry } from '../aggregate-registry.js';
import { Err, isAppError } from '../err.js';
import type { EventHandler } from '../event-handler.js';
import type { EventStore, StreamKey } from '../ports/event-store.js';
import type { PersonalDataStore } from '../ports/personal-data-store.js';
import { replay, schemaVersionOf } from '../command/replay.js';
import type { StreamReader } from '../reader/stream-reader.js';
import { upcastData } from '../upcast.js';
import { DataSubject, SubjectId, type SubjectForgottenSchema } from './data-subject.js';
import { parseInput } from '../field-issues.js';
import { keyIdOf, personalFieldsOf } from './personal-fields.js';
import type { z } from 'zod';

export interface ForgetDependencies {
  /** The store as the command handler sees it: `encryptPersonalData` over the adapter. */
  readonly store: EventStore;
  readonly keys: PersonalDataStore;
  readonly registry: AggregateRegistry;
  /** The projections to rebuild when they read a stream that held the subject's data. */
  readonly handlers: readonly EventHandler[];
  readonly reader: Pick<StreamReader, 'rebuild'>;
  /**
   * Waits out the commands that read the key or a plain snapshot before the key was deleted,
   * so that none writes plain state back after the rebuild (default: 20 s, twice the longest a
   * command waits on the store).
   */
  readonly settle?: () => Promise<void>;
  readonly clock?: () => Date;
}

export type ForgetReport = z.output<typeof SubjectForgottenSchema> & {
  readonly keyId: string;
  /** The audit event's place: `DataSubject/{keyId}` at this version. */
  readonly auditVersion: number;
};

const PAGE = 1000;

/** Every stream of the tenant whose events name the subject in a personal field's subject field. */
async function streamsOf(deps: ForgetDependencies, tenant: string, subject: string): Promise<StreamKey[]> {
  const { store, registry } = deps;
  while ((await store.sequence(tenant)).length > 0); // the log holds every committed event
  const found = new Map<string, StreamKey>();
  for (let after = 0; ;) {
    const page = await store.readLog(tenant, { after, limit: PAGE });
    for (const event of page) {
      const aggregate = registry.aggregate(event.type);
      const fields = aggregate && personalFieldsOf(aggregate, event.name);
      if (!fields) continue;
      const data = upcastData(aggregate, event) as Record<string, unknown>;
      if (data[fields.subject] !== subject) continue;
      found.set(`${event.type}/${event.aggregateId}`, { tenant, type: event.type, id: event.aggregateId });
    }
    if (page.length < PAGE) return [...found.values()];
    after = page[page.length - 1]!.position!;
  }
}

/** Rebuilds a stream's snapshot from its events (now redacted), again if a commit lands meanwhile. */
async function rebuildSnapshot(deps: ForgetDependencies, stream: StreamKey) {
  const aggregate = deps.registry.aggregate(stream.type)!;
  for (let attempt = 1; attempt <= 5; attempt++) {
    const { version, state } = await replay(deps.store, aggregate, stream);
    const snapshot = { version, state, schema: schemaVersionOf(aggregate), personal: true };
    if (await deps.keys.rewriteSnapshot(stream, snapshot)) return { type: stream.type, id: stream.id, version };
  }
  throw Err.unavailable(`${stream.type} ${stream.id} kept changing while its snapshot was rebuilt; run again`, 5);
}

/** Rewrites the state each idempotency record of the stream answers retries with. */
async function rebuildIdempotency(deps: ForgetDependencies, stream: StreamKey): Promise<number> {
  const aggregate = deps.registry.aggregate(stream.type)!;
  const records = await deps.keys.idempotencyRecords(stream);
  for (const { key, version } of records) {
    const { state } = await replay(deps.store, aggregate, stream, version);
    await deps.keys.rewriteIdempotencyState(stream.tenant, key, state);
  }
  return records.length;
}

/** Projections that read one of these types (or do not say what they read), rebuilt in turn. */
async function rebuildReadModels(deps: ForgetDependencies, tenant: string, types: ReadonlySet<string>) {
  const projections = deps.handlers.filter(
    (handler) =>
      handler.kind === 'projection' && (!handler.sources || handler.sources.some(({ type }) => types.has(type))),
  );
  for (const { name } of projections) {
    // A run that holds the lease answers UNAVAILABLE: wait for it, a few times.
    await pRetry(() => deps.reader.rebuild(tenant, name), {
      retries: 5,
      minTimeout: 500,
      shouldRetry: ({ error }) => isAppError(error, 'UNAVAILABLE'),
    });
  }
  return projections.map(({ name }) => name);
}

/**
 * Forgets a data subject of the actor's tenant (the right to erasure): deletes the subject's
 * key, leaving a tombstone, so that every sealed field of theirs reads as `FORGOTTEN` from then
 * on; then rebuilds what held their data in plain, the snapshots, the idempotency records' states
 * and the projections that read those streams, and records an audit event saying what it
 * rebuilt. The events, their order, versions, positions and metadata stay as they were. Safe to
 * run again: a second run rebuilds again and says the subject was already forgotten.
 */
export async function forgetSubject(deps: ForgetDependencies, actor: Actor, subject: string): Promise<ForgetReport> {
  parseInput(SubjectId, subject, 'data subject');
  const { tenant } = actor;
  const { store, keys, clock = () => new Date(), settle = () => setTimeout(20_000) } = deps;
  const keyId = keyIdOf(subject);
  const alreadyForgotten = await keys.forgetKey(tenant, keyId, subject, clock());
  await settle();
  const streams = await streamsOf(deps, tenant, subject);
  const snapshots = [];
  let idempotencyRecords = 0;
  for (const stream of streams) {
    snapshots.push(await rebuildSnapshot(deps, stream));
    idempotencyRecords += await rebuildIdempotency(deps, stream);
  }
  const readModels =
    streams.length === 0 ? [] : await rebuildReadModels(deps, tenant, new Set(streams.map((s) => s.type)));
  const data = { subject, alreadyForgotten, snapshots, idempotencyRecords, readModels };
  const audit = { tenant, type: DataSubject.type, id: keyId };
  const auditVersion = await pRetry(
    async () => {
      const version = await store.streamVersion(audit);
      const { state } = await replay(store, DataSubject, audit);
      const runs = (state as { runs: number }).runs + 1;
      await store.commit({
        stream: audit,
        expectedVersion: version,
        events: [{ name: 'SubjectForgotten', data, eventVersion: 1 }],
        snapshot: { state: { forgotten: true, runs }, schema: 1 },
        meta: {
          actor: { id: actor.id, name: actor.name },
          command: 'ForgetSubject',
          correlationId: randomUUID(),
          causationId: null,
        },
      });
      return version + 1;
    },
    { retries: 5, minTimeout: 50, shouldRetry: ({ error }) => isAppError(error, 'CONCURRENCY') },
  );
  return { ...data, keyId, auditVersion };
}
