import { describe, expect, it, vi } from 'vitest';
import type { CommittedEvent } from '../ports/event-store.js';
import type { Reaction } from '../event-handler.js';
import { sendReactionCommands } from './send-reaction-commands.js';

const reaction: Reaction = { kind: 'reaction', name: 'Mailer', events: {}, roles: ['mailer'] };
const event = {
  id: 'Order~o1~0000000001',
  tenant: 't1',
  meta: { correlationId: 'c1', causationId: null, actor: { id: 'u', name: 'U' }, command: 'Place' },
} as unknown as CommittedEvent;

describe('the commands a reaction returns', () => {
  it('are sent in order as its service actor, caused by the event, each under a key of the event and its index', async () => {
    const command = vi.fn(() => Promise.resolve({} as never));
    const sent = [
      { command: 'Notify', input: { aggregateId: 'n1', text: 'a' } },
      { command: 'Notify', input: { aggregateId: 'n2', text: 'b' } },
    ];
    await sendReactionCommands({ command }, reaction, event, sent);
    const actor = { id: 'reaction:Mailer', name: 'reaction:Mailer', tenant: 't1', roles: ['mailer'] };
    const meta = (key: string) => ({
      causationId: event.id,
      correlationId: 'c1',
      idempotency: { key, fingerprint: expect.any(String) as string },
    });
    expect(command.mock.calls).toEqual([
      [actor, 'Notify', sent[0]!.input, meta(`${event.id}#0`)],
      [actor, 'Notify', sent[1]!.input, meta(`${event.id}#1`)],
    ]);
  });

  it('without a command handler to send them: the event fails, and nothing else happens', async () => {
    await expect(sendReactionCommands(undefined, reaction, event, [{ command: 'Notify', input: {} }])).rejects.toThrow(
      /no command handler/,
    );
    await expect(sendReactionCommands(undefined, reaction, event, [])).resolves.toBeUndefined();
  });
});
