import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFirestoreEventStore } from '@firebase-event-store/firestore';
import type { CommittedEvent } from '@firebase-event-store/kernel';
import { db, suite, until, user } from '../support/e2e-users.js';
import { eventStoreCli } from '../support/event-store-cli.js';
import { fireIdleReset, idleResetOf, idleTimerSetBy } from '../support/idle-reset-timer.js';

const MINUTES = 10; // the suite's IDLE_RESET_MINUTES: the default
const store = createFirestoreEventStore(db, { projectId: suite.project });
const streamOf = async (tenant: string, id: string) => {
  const events: CommittedEvent[] = [];
  for await (const event of store.readStream({ tenant, type: 'KeystrokeCalculator', id })) events.push(event);
  return events;
};

/**
 * The reference workflow on the Emulator Suite: keys pressed through the API, the workflow run
 * by the onEventCreated trigger, its timer fired through the deployment's parts, and the reset
 * it sends as it is stored and as the operator CLI shows it.
 */
describe('IdleReset, the reference workflow (e2e)', () => {
  it('clears a calculator left idle, as workflow:IdleReset caused by the last key; the CLI shows both', async () => {
    const tenant = `idle-${randomUUID().slice(0, 6)}`;
    const ada = await user(tenant);
    for (const key of [{ digit: '6' }, { operator: '*' }, { digit: '7' }]) {
      const command = 'digit' in key ? 'PressDigit' : 'PressOperator';
      const answer = await ada.command(command, { aggregateId: 'idle-1', ...key });
      expect(answer.status, await answer.clone().text()).toBe(200);
    }
    const keys = await streamOf(tenant, 'idle-1');
    const last = keys.at(-1)!;
    expect(last.id).toBe('KeystrokeCalculator~idle-1~0000000003');

    // Each key set the timer again: it is the last key's now, due the minutes after it.
    const timer = await idleTimerSetBy(tenant, 'idle-1', last.id);
    expect(Date.parse(timer.at)).toBeGreaterThanOrEqual(Date.parse(last.committedAt) + MINUTES * 60_000);
    expect(timer.correlationId).toBe(last.meta.correlationId);

    // 'fired', or 'gone' when the reset's own ClearPressed reached the workflow (which cancels the
    // timer) before the run saved the instance: the command went either way, as the stream shows.
    expect(await fireIdleReset(tenant, 'idle-1')).toEqual([
      {
        tenant,
        workflow: 'IdleReset',
        instance: 'idle-1',
        timer: 'Reset',
        status: expect.stringMatching(/^(fired|gone)$/),
      },
    ]);
    const events = await streamOf(tenant, 'idle-1');
    expect(events.map(({ name }) => name)).toEqual(['DigitPressed', 'OperatorPressed', 'DigitPressed', 'ClearPressed']);
    const reset = events[3]!;
    expect(reset.meta).toEqual({
      actor: { id: 'workflow:IdleReset', name: 'workflow:IdleReset' },
      command: 'PressClear',
      correlationId: last.meta.correlationId,
      causationId: last.id,
    });
    // The timer went with the reset: the schedule's next run finds nothing to fire.
    await expect(fireIdleReset(tenant, 'idle-1')).rejects.toThrow('IdleReset has no pending timer');
    expect(await streamOf(tenant, 'idle-1')).toHaveLength(4);

    // The operator CLI prints each event with its metadata: who, by which command, caused by what.
    const { stdout } = await eventStoreCli(
      'aggregate',
      '--tenant',
      tenant,
      '--type',
      'KeystrokeCalculator',
      '--id',
      'idle-1',
      '--emulator',
      suite.firestore,
      '--project',
      suite.project,
    );
    const shown = JSON.parse(stdout) as { snapshot: { version: number; state: unknown }; events: CommittedEvent[] };
    expect(shown.snapshot).toMatchObject({ version: 4, state: { left: '0', right: null, operator: null, result: 0 } });
    expect(shown.events.at(-1)).toMatchObject({ name: 'ClearPressed', meta: reset.meta });

    // The workflow saw its own reset too (the trigger ran it): nothing is pending until the next key.
    const after = await until(
      () => idleResetOf(tenant, 'idle-1'),
      (instance) => (instance?.state as { version?: number } | undefined)?.version === 4,
    );
    expect(after).toMatchObject({ state: { calculator: 'idle-1', version: 4 }, timers: {} });
  });
});
