import type { Span } from '@opentelemetry/api';
import pRetry from 'p-retry';
import { handlerOf, type Reaction } from '../event-handler.js';
import type { CommittedEvent, EventStore } from '../ports/event-store.js';
import {
  LeaseLost,
  type ReaderKey,
  type ReaderState,
  type ReaderStep,
  type ReaderStore,
} from '../ports/reader-store.js';
import { ATTRIBUTES, failed, inSpan, linksTo } from '../tracing.js';
import { upcastFrom } from '../upcast.js';
import { errorStatus } from './bounded-calls.js';
import { failureAt, messageOf } from './failure-step.js';
import type { HandlerRun, RunStatus } from './handler-run.js';
import { keepingLease } from './keep-lease.js';
import { sendReactionCommands } from './send-reaction-commands.js';
import type { CommandHandler } from '../command/command-handler.js';

export interface ReactionSettings {
  readonly store: ReaderStore & Pick<EventStore, 'readLog'>;
  readonly newId: () => string;
  readonly now: () => number;
  readonly pageSize: number;
  /** How long a lease lasts unless renewed; a run renews it every third of that while it works. */
  readonly leaseMs: number;
  readonly retryBudget: number;
  /** Retries of a reaction within one run, before the run records the failure. */
  readonly reactionRetries: number;
  /** Positions what is pending (and runs the projections on it): whether the log moved. */
  readonly sequenceMore: () => Promise<boolean>;
  /** Where the commands a reaction returns are sent. */
  readonly commands?: Pick<CommandHandler, 'command'>;
}

/**
 * One reaction of one tenant, under its lease, page by page until it is caught up, fails, is
 * out of time or loses the lease: each event handed over in log order, retried within the run,
 * and its position saved after its effect (at least once: a crash repeats at most the last
 * event). A failure is counted against the event and dead-letters it past `retryBudget` runs.
 */
export async function runReaction(
  settings: ReactionSettings,
  tenant: string,
  reaction: Reaction,
  deadline: number,
): Promise<HandlerRun> {
  const { store, now, leaseMs } = settings;
  const key = { tenant, handler: reaction.name };
  const owner = settings.newId();
  const state = await store.acquire(key, owner, now(), leaseMs).catch(() => undefined);
  if (!state) return { tenant, handler: reaction.name, status: 'busy', from: 0, to: 0 };
  const renew = () => store.acquire(key, owner, now(), leaseMs);
  return keepingLease(renew, Math.max(leaseMs / 3, 100), () => run(settings, key, owner, state, reaction, deadline));
}

async function run(
  settings: ReactionSettings,
  key: ReaderKey,
  owner: string,
  state: ReaderState,
  reaction: Reaction,
  deadline: number,
): Promise<HandlerRun> {
  const { store, now, pageSize } = settings;
  const result = (status: RunStatus, to: number, error?: string): HandlerRun => ({
    tenant: key.tenant,
    handler: key.handler,
    status,
    from: state.position,
    to,
    ...(error !== undefined && { error }),
  });
  // Gives the lease up whatever the log did: used when stopping for a reason of our own.
  const giveUp = () => store.release(key, owner, Infinity);
  let current = state;
  const upcast = upcastFrom<CommittedEvent>(reaction.sources ?? []);
  try {
    if (state.blocked) {
      await giveUp();
      return result('blocked', state.position);
    }
    // A page shorter than a full one ended at the log's end as it was then: whether the log has
    // moved since is what `sequenceMore` and `release` (which reads the head) tell.
    let atEnd = false;
    for (;;) {
      if (now() >= deadline) {
        await giveUp(); // the next run (a trigger or the schedule) goes on from here
        return result('out-of-time', current.position);
      }
      if (!atEnd) {
        const page = await store.readLog(key.tenant, { after: current.position, limit: pageSize });
        if (page.length > 0) {
          const step = await reactPageSpan(settings, key, owner, current, reaction, page.map(upcast));
          current = { position: step.position, failure: step.failure, blocked: step.deadLetter !== undefined };
          if (step.failure) {
            await giveUp();
            return result(step.deadLetter ? 'dead-lettered' : 'failed', current.position, step.failure.error);
          }
          atEnd = page.length < pageSize;
          continue;
        }
      }
      atEnd = false;
      if (await settings.sequenceMore()) continue;
      if (await store.release(key, owner, current.position)) return result('caught-up', current.position);
      // the log moved while we were finishing: a wake-up we must not lose
    }
  } catch (error) {
    if (error instanceof LeaseLost) return result('lease-lost', current.position);
    await giveUp().catch(() => undefined);
    return result(errorStatus(error), current.position, messageOf(error));
  }
}

/**
 * A page as one span, linked to the spans that committed its events (their `traceparent`s, at
 * most `MAX_LINKS`): a page holds the events of many requests, so they are links, not parents.
 */
function reactPageSpan(
  settings: ReactionSettings,
  key: ReaderKey,
  owner: string,
  state: ReaderState,
  reaction: Reaction,
  page: readonly CommittedEvent[],
): Promise<ReaderStep> {
  const { links, dropped } = linksTo(page.map((event) => event.meta.traceparent));
  const attributes = {
    [ATTRIBUTES.tenant]: key.tenant,
    [ATTRIBUTES.handler]: key.handler,
    [ATTRIBUTES.from]: state.position,
    [ATTRIBUTES.events]: page.length,
    ...(dropped > 0 && { 'event_store.links.dropped': dropped }),
  };
  return inSpan('reader.reaction.page', { links, attributes }, (span) =>
    reactPage(settings, key, owner, state, reaction, page, span),
  );
}

/**
 * Hands a page to a reaction one event at a time, retrying within the run, and saves the
 * position after each effect. Events nothing reacts to are passed over with the next saved
 * step (or the page's last).
 */
async function reactPage(
  settings: ReactionSettings,
  key: ReaderKey,
  owner: string,
  state: ReaderState,
  reaction: Reaction,
  page: readonly CommittedEvent[],
  span: Span,
): Promise<ReaderStep> {
  const { store, now, leaseMs, reactionRetries } = settings;
  let position = state.position;
  for (const [index, event] of page.entries()) {
    const handle = handlerOf(reaction.events, event.name);
    if (!handle && index < page.length - 1) continue;
    let step: ReaderStep = { position: event.position!, failure: null };
    if (handle) {
      try {
        // A retry sends the commands again: those already committed are answered from their records.
        const react = async () => sendReactionCommands(settings.commands, reaction, event, await handle(event));
        await pRetry(react, { retries: reactionRetries, minTimeout: 50, factor: 4 });
      } catch (error) {
        step = { position, ...failureAt(settings, key, state.failure, event, error) };
        failed(span, error);
      }
    }
    await store.advance(key, owner, position, { now: now(), leaseMs }, step);
    if (step.failure) return step;
    position = step.position;
  }
  return { position, failure: null };
}
