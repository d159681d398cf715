import { createHash } from 'node:crypto';
import type { Actor } from '../actor.js';
import type { CommandHandler } from '../command/command-handler.js';
import type { ReactionCommand } from '../event-handler.js';
import { ATTRIBUTES, linksTo, inSpan } from '../tracing.js';

const fingerprintOf = (command: string, input: unknown) =>
  createHash('sha256').update(command).update('\n').update(JSON.stringify(input)).digest('base64url');

/** What caused the commands: the event's id (or the event that set a timer) and its correlation. */
export interface CommandCause {
  readonly causationId: string;
  readonly correlationId: string;
  /** The idempotency keys are `{key}#{index}`: the same cause sends the same keys. */
  readonly key: string;
  /** The causing event's trace context (its `meta.traceparent`), when it has one. */
  readonly traceparent?: string;
}

/**
 * Sends a handler's commands one after the other as `actor`, each under the idempotency key
 * `{cause key}#{index}`: sent again (a retry, a crash before the handler's progress was saved),
 * they are answered from their records and commit nothing new.
 */
export async function sendCommands(
  commands: Pick<CommandHandler, 'command'> | undefined,
  sender: string,
  actor: Actor,
  cause: CommandCause,
  list: readonly ReactionCommand[] | undefined,
): Promise<void> {
  if (!list || list.length === 0) return;
  if (!commands) throw new Error(`${sender} sends commands, but the reader was given no command handler`);
  // Each command in a span of the run (a reader's page, a timer's run), linked to the event that
  // caused it: the command's own spans are its children, and the events it commits carry its
  // traceparent, so a chain of reactions can be followed from trace to trace.
  const { links } = linksTo([cause.traceparent]);
  for (const [index, { command, input }] of list.entries()) {
    const attributes = { [ATTRIBUTES.command]: command, [ATTRIBUTES.handler]: sender };
    await inSpan('reader.send_command', { links, attributes }, () =>
      commands.command(actor, command, input, {
        causationId: cause.causationId,
        correlationId: cause.correlationId,
        idempotency: { key: `${cause.key}#${index}`, fingerprint: fingerprintOf(command, input) },
      }),
    );
  }
}
