/**
 * An event's id: `Type~aggregateId~0000000042`. Type and id are restricted to [A-Za-z0-9_-], all
 * of which sort below `~`, and the version is zero-padded, so the ids of one stream form one
 * contiguous range in version order; equal ids of two types never meet.
 */
const VERSION_DIGITS = 10;

export const streamPrefix = (type: string, aggregateId: string) => `${type}~${aggregateId}~`;

export const eventId = (type: string, aggregateId: string, version: number) =>
  streamPrefix(type, aggregateId) + String(version).padStart(VERSION_DIGITS, '0');

/** The stream and version an event id names. */
export function parseEventId(id: string): { type: string; aggregateId: string; version: number } {
  const [type, aggregateId, version] = id.split('~');
  return { type: type!, aggregateId: aggregateId!, version: Number(version) };
}
