import { randomUUID } from 'node:crypto';
import type {
  AggregateRegistry,
  EventStore,
  CommandHandler,
  CommandHandlerOptions,
} from '@firebase-event-store/kernel';
import { createCommandHandler, createSnapshotCache } from '@firebase-event-store/kernel';

/** A command handler as the API composes it (random ids, a snapshot cache); `options` override. */
export const cachedHandler = (
  store: EventStore,
  registry: AggregateRegistry,
  options: Partial<CommandHandlerOptions> = {},
): CommandHandler =>
  createCommandHandler({ store, registry, newId: randomUUID, cache: createSnapshotCache(), ...options });
