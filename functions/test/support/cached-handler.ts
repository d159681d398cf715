import { randomUUID } from 'node:crypto';
import type { AggregateRegistry } from '../../src/application/aggregate-registry.js';
import type { EventStore } from '../../src/application/event-store.js';
import {
  createCommandHandler,
  type CommandHandler,
  type CommandHandlerOptions,
} from '../../src/application/command-handler.js';
import { createSnapshotCache } from '../../src/application/snapshot-cache.js';

/** A command handler as the API composes it (random ids, a snapshot cache); `options` override. */
export const cachedHandler = (
  store: EventStore,
  registry: AggregateRegistry,
  options: Partial<CommandHandlerOptions> = {},
): CommandHandler =>
  createCommandHandler({ store, registry, newId: randomUUID, cache: createSnapshotCache(), ...options });
