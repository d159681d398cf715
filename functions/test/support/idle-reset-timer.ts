import { randomUUID } from 'node:crypto';
import { createStreamReader } from '@firebase-event-store/kernel';
import { createDeployment } from '@firebase-event-store/functions';
import { catalog } from '../../src/catalog.js';
import { db, suite, until } from './e2e-users.js';

const deployment = () => createDeployment(db, catalog, { projectId: suite.project });

/** The IdleReset instance of a calculator, as the deployment's store keeps it (undefined before its first key). */
export const idleResetOf = (tenant: string, calculator: string) =>
  deployment().store.loadInstance({ tenant, workflow: 'IdleReset', instance: calculator });

/** Waits until IdleReset's timer of the calculator was set by `eventId` (the workflow has applied that key), and returns it. */
export async function idleTimerSetBy(tenant: string, calculator: string, eventId: string) {
  const instance = await until(
    () => idleResetOf(tenant, calculator),
    (found) => found?.timers.Reset?.causationId === eventId,
  );
  const timer = instance?.timers.Reset;
  if (timer?.causationId !== eventId)
    throw new Error(`IdleReset never set its timer from ${eventId}: ${JSON.stringify(instance ?? null)}`);
  return timer;
}

/**
 * Fires the calculator's IdleReset timer at the time it is due, as the schedule would when it
 * runs then: through the deployment's own store and command handler, and the reader's
 * fireDueTimers. The suite runs with the default 10 minutes, which a test does not wait for;
 * and only this instance's timer is offered, where the schedule would fire every tenant's.
 */
export async function fireIdleReset(tenant: string, calculator: string) {
  const { store, handler } = deployment();
  const key = { tenant, workflow: 'IdleReset', instance: calculator };
  const timer = (await store.loadInstance(key))?.timers.Reset;
  if (!timer) throw new Error(`IdleReset has no pending timer for ${calculator} in ${tenant}`);
  const only = Object.assign(Object.create(store) as typeof store, {
    dueTimers: () => Promise.resolve([{ ...key, ...timer }]),
  });
  const reader = createStreamReader({ store: only, handlers: catalog.handlers, newId: randomUUID, commands: handler });
  return reader.fireDueTimers({ now: new Date(timer.at), limit: 1 });
}
