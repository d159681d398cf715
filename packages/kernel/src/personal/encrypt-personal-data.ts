import type { AnyAggregate } from '../aggregate.js';
import { eventId } from '../adapter/event-id.js';
import { Err } from '../err.js';
import { isUserId, USER_ID_RULE } from '../user-id.js';
import type { Commit, CommittedEvent, EventStore, NewEvent } from '../ports/event-store.js';
import type { KeyLookup, PersonalDataStore, SubjectKey } from '../ports/personal-data-store.js';
import { FORGOTTEN, keyIdOf, personalFieldsOf } from './personal-fields.js';
import { isSealed, open, placeOf, seal } from './sealed-value.js';
import type { LogStepWork, ReaderStore } from '../ports/reader-store.js';

const isReaderStore = (store: EventStore): store is EventStore & ReaderStore => 'stepLog' in store;

export interface PersonalDataOptions {
  readonly keys: PersonalDataStore;
  /** The aggregates whose `personal` fields are sealed on commit. */
  readonly aggregates: readonly AnyAggregate[];
}

/** The ids of the keys an event's data is sealed with (stored data, before any reveal). */
export const sealedKeyIds = ({ data }: CommittedEvent): string[] =>
  typeof data === 'object' && data !== null
    ? Object.values(data).flatMap((value) => (isSealed(value) ? [value.sealedWith] : []))
    : [];

/**
 * A store whose commits seal the personal fields of events with their subject's key, and whose
 * every read (streams, the log, idempotency records) opens them again, or shows `FORGOTTEN`
 * where the subject's key was deleted. A sealed value whose key is missing without a tombstone
 * is an error: lost keys are never mistaken for erasure. Everything else passes through, so the
 * command handler, the reader and the operator tools see plain events without knowing.
 */
export function encryptPersonalData<S extends EventStore>(store: S, { keys, aggregates }: PersonalDataOptions): S {
  const personal = new Map(aggregates.filter((aggregate) => aggregate.personal).map((a) => [a.type, a]));

  async function sealEvents({ stream, expectedVersion, events }: Commit): Promise<readonly NewEvent[]> {
    const aggregate = personal.get(stream.type);
    if (!aggregate) return events;
    const subjectKeys = new Map<string, Promise<SubjectKey>>();
    const keyOf = (subject: string) => {
      let key = subjectKeys.get(subject);
      if (!key) {
        key = keys.subjectKey(stream.tenant, keyIdOf(subject), subject).then((found) => {
          if (found) return found;
          throw Err.precondition(
            'subject-forgotten',
            `The data subject ${subject} was forgotten: no new personal data of theirs is stored`,
          );
        });
        subjectKeys.set(subject, key);
      }
      return key;
    };
    return Promise.all(
      events.map(async (event, index) => {
        const fields = personalFieldsOf(aggregate, event.name);
        const data = event.data as Record<string, unknown>;
        const present = fields?.fields.filter((field) => data[field] !== undefined) ?? [];
        if (!fields || present.length === 0) return event;
        const subject = data[fields.subject];
        const what = `${stream.type} event ${event.name}`;
        if (typeof subject !== 'string' || subject === '') throw Err.internal(`${what} names no data subject`);
        // The subject is an id like a token's sub, under the same rule: one the forget route
        // could not take would be a subject nobody could ever forget.
        if (!isUserId(subject)) {
          throw Err.invalidArgument(`${what}: its data subject is not an id (${USER_ID_RULE})`, [
            { pointer: `/${fields.subject}`, message: USER_ID_RULE },
          ]);
        }
        const key = await keyOf(subject);
        const id = eventId(stream.type, stream.id, expectedVersion + index + 1);
        const sealed = { ...data };
        for (const field of present) {
          const value = data[field];
          if (typeof value !== 'string') throw Err.internal(`${what}: the personal field ${field} is not a string`);
          sealed[field] = seal(value, keyIdOf(subject), key, placeOf(stream.tenant, id, field));
        }
        return { ...event, data: sealed };
      }),
    );
  }

  /** Opens the sealed fields of a tenant's events, looking each key up once per read. */
  function revealer(tenant: string) {
    const lookups = new Map<string, Promise<KeyLookup>>();
    const lookUp = (keyId: string) => {
      let found = lookups.get(keyId);
      if (!found) lookups.set(keyId, (found = keys.findKey(tenant, keyId)));
      return found;
    };
    return async (event: CommittedEvent): Promise<CommittedEvent> => {
      if (sealedKeyIds(event).length === 0) return event;
      const data: Record<string, unknown> = { ...(event.data as Record<string, unknown>) };
      for (const [field, value] of Object.entries(data)) {
        if (!isSealed(value)) continue;
        const found = await lookUp(value.sealedWith);
        if (!found) {
          throw Err.internal(
            `The key of ${event.id}'s ${field} is missing, and its subject was not forgotten: restore the subject keys from a backup`,
          );
        }
        data[field] = 'forgotten' in found ? FORGOTTEN : open(value, found.key, placeOf(tenant, event.id, field));
      }
      return { ...event, data };
    };
  }

  return {
    ...store,
    async commit(commit) {
      const events = await sealEvents(commit);
      const committed = await store.commit(events === commit.events ? commit : { ...commit, events });
      // The caller gets back what it committed, in plain.
      return committed.map((event, index) => ({ ...event, data: commit.events[index]!.data }));
    },
    async *readStream(stream, options) {
      const reveal = revealer(stream.tenant);
      for await (const event of store.readStream(stream, options)) yield reveal(event);
    },
    async readLog(tenant, options) {
      return Promise.all((await store.readLog(tenant, options)).map(revealer(tenant)));
    },
    async sequence(tenant, options) {
      // An event that does not open (a lost key) is left out here; `readLog` reports it where a
      // handler reads it, as the error of that handler's run.
      const reveal = revealer(tenant);
      const opened = await Promise.all(
        (await store.sequence(tenant, options)).map((event) => reveal(event).catch(() => undefined)),
      );
      return opened.filter((event) => event !== undefined);
    },
    // A step's events open too: the projections see plain data. An event that does not open
    // (a lost key) fails the step, as reading it fails every other read.
    ...(isReaderStore(store) && {
      stepLog: <T>(tenant: string, options: { readonly pending: number }, work: LogStepWork<T>) =>
        store.stepLog(tenant, options, (step) => {
          const reveal = revealer(tenant);
          return work({
            ...step,
            readLog: async (after, limit) => Promise.all((await step.readLog(after, limit)).map(reveal)),
            sequence: async () => Promise.all((await step.sequence()).map(reveal)),
          });
        }),
    }),
    async readIdempotency(tenant, key) {
      const record = await store.readIdempotency(tenant, key);
      return record && { ...record, events: await Promise.all(record.events.map(revealer(tenant))) };
    },
  };
}
