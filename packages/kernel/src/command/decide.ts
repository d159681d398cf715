import type { ConsultedAggregate } from '../aggregate.js';
import { Err } from '../err.js';
import type { CommandPlan } from './command-plan.js';
import { handlerOf } from '../event-handler.js';
import type { NewEvent } from '../ports/event-store.js';
import { fold } from './replay.js';
import { eventVersionOf } from '../upcast.js';
import type { CachedAggregate } from './snapshot-cache.js';

/** What a command decided on a state: the events to commit and the state after them. */
export interface Decision {
  /** The version the events build on. */
  readonly version: number;
  readonly events: readonly NewEvent[];
  readonly state: unknown;
}

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '');

/**
 * The command's decision on the current state, pure: the caller's expected version (412), the
 * aggregate's existence as the command requires it, its named invariants (409, or 403 for a
 * rule about who may), the aggregate's own `handle`, every event checked against its schema,
 * the fold, and the snapshot's size.
 */
export function decide(
  plan: CommandPlan,
  current: CachedAggregate,
  maxSnapshotBytes: number,
  consulted: readonly ConsultedAggregate[] = [],
): Decision {
  const { route, stream, payload, expectedVersion, actor } = plan;
  const { aggregate, command } = route;
  if (expectedVersion !== undefined && current.version !== expectedVersion) {
    throw Err.versionMismatch(expectedVersion, current.version);
  }
  if (command.requires === 'new' && current.version > 0) {
    throw Err.precondition('aggregate-exists', `${aggregate.type} ${stream.id} already exists`);
  }
  if (command.requires === 'existing' && current.version === 0) {
    throw Err.notFound(`${aggregate.type} ${stream.id} does not exist`);
  }
  const context = { actor, aggregateId: stream.id, version: current.version, consulted };
  for (const rule of command.given ?? []) {
    if (rule.holds(current.state, context, payload)) continue;
    const message = rule.message ?? rule.name;
    throw rule.kind === 'forbidden' ? Err.forbidden(message, rule.name) : Err.precondition(rule.name, message);
  }
  const events = command.handle(current.state, payload, context).map((event) => {
    if (!handlerOf(aggregate.events, event.name)?.safeParse(event.data).success) {
      throw Err.internal(`${route.name} emitted an invalid ${String(event.name)} event`);
    }
    return { ...event, eventVersion: eventVersionOf(aggregate, event.name) };
  });
  const state = fold(aggregate, current.state, events);
  if (events.length > 0 && jsonBytes(state) > maxSnapshotBytes) {
    throw Err.precondition('snapshot-size', `${aggregate.type} ${stream.id} would exceed ${maxSnapshotBytes} bytes`);
  }
  return { version: current.version, events, state };
}
