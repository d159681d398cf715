import type { Actor } from '../actor.js';
import type { CommandHandler } from '../command/command-handler.js';
import type { Reaction, ReactionResult } from '../event-handler.js';
import type { CommittedEvent } from '../ports/event-store.js';
import { sendCommands } from './send-commands.js';

/** The service actor a reaction's commands are sent as, in the event's tenant. */
export const reactionActor = (reaction: Reaction, tenant: string): Actor => ({
  id: `reaction:${reaction.name}`,
  name: `reaction:${reaction.name}`,
  tenant,
  roles: reaction.roles ?? [],
});

/**
 * Sends the commands a reaction returned for an event, one after the other. Each goes under
 * the idempotency key `{event id}#{index}`: an event delivered again (a run that failed after
 * some of its commands committed, a crash before its position was saved) is answered from
 * their records, and commits nothing new. A command that fails fails the event (retried, then
 * dead-lettered), like any failure of a reaction.
 */
export async function sendReactionCommands(
  commands: Pick<CommandHandler, 'command'> | undefined,
  reaction: Reaction,
  event: CommittedEvent,
  result: ReactionResult,
): Promise<void> {
  const { correlationId, traceparent } = event.meta;
  const cause = { causationId: event.id, correlationId, key: event.id, ...(traceparent && { traceparent }) };
  await sendCommands(commands, reaction.name, reactionActor(reaction, event.tenant), cause, result || undefined);
}
