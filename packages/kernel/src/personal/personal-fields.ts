import { createHash } from 'node:crypto';
import type { AnyAggregate } from '../aggregate.js';
import { handlerOf } from '../handler-of.js';
import type { NewEvent } from '../ports/event-store.js';

/**
 * Which fields of an event's data are personal data, and whose: `subject` names the field that
 * holds the data subject's id (a user id), `fields` the string fields sealed with that
 * subject's key. Top-level fields of the data only.
 */
export interface PersonalFields {
  readonly subject: string;
  readonly fields: readonly string[];
}

/**
 * What every read path shows in place of a personal field once its subject was forgotten. A
 * string, so a personal field's schema (`z.string()`) accepts it on replay, and `evolve`, the
 * projections and the clients see it like any other value.
 */
export const FORGOTTEN = '[forgotten]';

/** The id of a subject's key within a tenant: a hash, so that it is a safe document id. */
export const keyIdOf = (subject: string) => createHash('sha256').update(subject).digest('base64url');

/** The event's personal fields at the current version of its definition, if it has any. */
export const personalFieldsOf = (aggregate: AnyAggregate, eventName: string): PersonalFields | undefined =>
  handlerOf(aggregate.personal ?? {}, eventName);

/** Whether any of these events carries a personal field: the state they build holds personal data. */
export const holdsPersonalData = (aggregate: AnyAggregate, events: readonly NewEvent[]): boolean =>
  aggregate.personal !== undefined &&
  events.some(({ name, data }) => {
    const personal = personalFieldsOf(aggregate, name);
    return personal?.fields.some((field) => (data as Record<string, unknown>)[field] !== undefined) ?? false;
  });
