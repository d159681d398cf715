import { z } from 'zod';
import { checkActor, safeId, type Actor } from '../actor.js';
import { Err } from '../err.js';
import type { AnyAggregate } from '../aggregate.js';
import type { AggregateRegistry, CommandRoute } from '../aggregate-registry.js';
import type { EventMeta, StreamKey } from '../ports/event-store.js';
import { parseInput as parse } from '../field-issues.js';
import { recordKey, type IdempotencyRequest } from './idempotency.js';

/** `{ aggregateId?, expectedVersion?, ...payload }`, as in the seed library. */
export type CommandInput = Readonly<Record<string, unknown>>;

export interface CommandMetadata {
  readonly correlationId?: string;
  readonly causationId?: string;
  /** Makes the command safe to retry: a second request with this key commits nothing again. */
  readonly idempotency?: IdempotencyRequest;
}

/** The fields every command body may carry besides its payload (also in the OpenAPI document). */
export const CommandEnvelope = z.object({
  aggregateId: safeId('aggregateId').optional(),
  expectedVersion: z.int().min(0).optional(),
});

/** Everything one command needs, checked, before its first attempt. */
export interface CommandPlan {
  readonly route: CommandRoute;
  readonly stream: StreamKey;
  readonly payload: unknown;
  readonly expectedVersion: number | undefined;
  readonly meta: EventMeta;
  readonly actor: Actor;
  /** With the record key (the caller's key hashed with the actor's id), not the caller's key. */
  readonly idempotency: IdempotencyRequest | undefined;
  /** The other aggregates the command consults (its `consults` of the payload), checked. */
  readonly consults: readonly ConsultedRef[];
}

/** An aggregate to consult: its stream and its definition. */
export interface ConsultedRef {
  readonly stream: StreamKey;
  readonly aggregate: AnyAggregate;
}

/** The actor needs one of the command's roles, when it names any. */
function authorize(actor: Actor, route: CommandRoute) {
  const { roles } = route.command;
  if (roles && !roles.some((role) => actor.roles.includes(role))) {
    throw Err.forbidden(`${route.name} requires one of the roles: ${roles.join(', ')}`);
  }
}

/**
 * Checks who asks for what, with what: the actor (403), the command (404), its role (403), the
 * envelope and the payload (400, with field pointers); then names the stream, the metadata
 * every event will carry and the idempotency record. Nothing here reads the store.
 */
export function planCommand(
  registry: AggregateRegistry,
  newId: () => string,
  actor: Actor,
  name: string,
  input: CommandInput,
  metadata: CommandMetadata,
): CommandPlan {
  const who = checkActor(actor);
  const route = registry.command(name);
  if (!route) throw Err.notFound(`Unknown command ${name}`);
  authorize(who, route);
  const { aggregateId, expectedVersion: expected, ...rest } = input;
  const envelope = parse(CommandEnvelope, { aggregateId, expectedVersion: expected }, 'command');
  const payload = parse(route.command.payload, rest, `${name} payload`);
  if (envelope.aggregateId === undefined && route.command.requires === 'existing') {
    throw Err.invalidArgument(`${name} needs an aggregateId`, [{ pointer: '/aggregateId', message: 'Required' }]);
  }
  return {
    route,
    stream: { tenant: who.tenant, type: route.aggregate.type, id: envelope.aggregateId ?? newId() },
    payload,
    expectedVersion: envelope.expectedVersion,
    meta: {
      actor: { id: who.id, name: who.name },
      command: name,
      correlationId: metadata.correlationId ?? newId(),
      causationId: metadata.causationId ?? null,
    },
    actor: who,
    consults: consultsOf(registry, route, payload, {
      tenant: who.tenant,
      type: route.aggregate.type,
      id: envelope.aggregateId,
    }),
    idempotency: metadata.idempotency && {
      key: recordKey(who.id, metadata.idempotency.key),
      fingerprint: metadata.idempotency.fingerprint,
    },
  };
}

/**
 * The aggregates the command names to consult, each of a registered type and a valid id, none
 * twice and none the command's own: a definition's mistake (500), never the caller's.
 */
function consultsOf(
  registry: AggregateRegistry,
  route: CommandRoute,
  payload: unknown,
  own: { tenant: string; type: string; id: string | undefined },
): readonly ConsultedRef[] {
  const refs = route.command.consults?.(payload) ?? [];
  const seen = new Set<string>();
  return refs.map(({ type, id }) => {
    const aggregate = registry.aggregate(type);
    const at = `${type}/${id}`;
    if (!aggregate || !safeId('id').safeParse(id).success || seen.has(at) || (type === own.type && id === own.id))
      throw Err.internal(`${route.name} consults ${at}: an unknown type, an invalid id, twice or itself`);
    seen.add(at);
    return { stream: { tenant: own.tenant, type, id }, aggregate };
  });
}

/** Parses an aggregate id the way a command's envelope does (for reads by id). */
export const parseAggregateId = (id: string) => parse(safeId('id'), id, 'aggregate id');
