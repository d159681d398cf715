import { sendCommand, type Api, type CommandAnswer, type Problem } from '../api/client.js';
import type { BrowserTracing } from '../tracing/tracing.js';
import type { CommandQueue, QueuedCommand } from './command-queue.js';

export interface SendEvents {
  /** The API committed it (or had, for a retry answered from its key), and answered with this. */
  sent(command: QueuedCommand, answer: CommandAnswer): void;
  /** The API refused it for good (400, 403, 409...): it is dropped, nothing was written. */
  refused(command: QueuedCommand, problem: Problem): void;
  /** 412: the aggregate moved on; its queue stops until the user decides. */
  conflict(command: QueuedCommand, problem: Problem): void;
  /** Not sent now (offline, a network error, 503): it stays queued and is tried again. */
  waiting(command: QueuedCommand, why: string): void;
}

/** Statuses after which the same request may succeed later: the command stays queued. */
const TRANSIENT = new Set([401, 408, 429, 500, 502, 503, 504]);
const RETRY_MS = 5_000;

/**
 * Sends the signed-in user's queued commands in order, one at a time; one tab at a time too
 * (a Web Lock), since the queue is shared by the origin's tabs. Runs again when the browser is
 * back online and a few seconds after a transient failure.
 */
export function createSender(
  queue: CommandQueue,
  api: Api,
  events: SendEvents,
  tracing: Promise<BrowserTracing | undefined> = Promise.resolve(undefined),
) {
  let again: ReturnType<typeof setTimeout> | undefined;
  // Set at sign-out: the API client sends whoever is signed in now, so a retry of this user's
  // queue after that would go out under the next user's token (seen in the browser tests).
  let stopped = false;

  async function sendOne(command: QueuedCommand): Promise<'next' | 'stop'> {
    let result;
    const send = (traceparent = command.traceparent) =>
      sendCommand(api, command.name, command.body as never, { ...command, traceparent });
    try {
      // Traced: a span of this try under the press that queued the command; else the press's own context, if any.
      const traced = await tracing;
      result = traced ? await traced.send(command.name, command.traceparent, send) : await send();
    } catch {
      events.waiting(command, 'the network is unreachable');
      return 'stop';
    }
    const { data, error, response } = result;
    if (data) {
      await queue.settle(command, data.version);
      events.sent(command, data);
      return 'next';
    }
    const problem = error ?? { status: response.status, code: 'INTERNAL', title: response.statusText, detail: '' };
    if (TRANSIENT.has(response.status)) {
      events.waiting(command, problem.detail || problem.title);
      return 'stop';
    }
    if (response.status === 412) {
      await queue.block({ uid: command.uid, aggregateId: command.aggregateId, problem });
      events.conflict(command, problem);
      return 'next';
    }
    await queue.remove(command.seq!);
    events.refused(command, problem);
    return 'next';
  }

  async function drainNow(uid: string) {
    for (;;) {
      if (stopped || !navigator.onLine) return;
      const commands = await queue.all(uid);
      const blocked = new Set<string>();
      let next: QueuedCommand | undefined;
      for (const command of commands) {
        if (blocked.has(command.aggregateId)) continue;
        if (await queue.conflict(uid, command.aggregateId)) blocked.add(command.aggregateId);
        else {
          next = command;
          break;
        }
      }
      if (!next) return;
      if ((await sendOne(next)) === 'stop') {
        clearTimeout(again);
        if (!stopped) again = setTimeout(() => void drain(uid), RETRY_MS);
        return;
      }
    }
  }

  const drain = (uid: string): Promise<void> =>
    navigator.locks
      .request(`outbox-${uid}`, () => drainNow(uid))
      .then(
        () => undefined,
        (error: unknown) => console.error('sending queued commands failed', error),
      );
  return {
    drain,
    /** At sign-out: sends nothing more, now or later; the queue stays for its user's return. */
    stop() {
      stopped = true;
      clearTimeout(again);
    },
  };
}
