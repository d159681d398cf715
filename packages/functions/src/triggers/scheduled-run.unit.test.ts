import { describe, expect, it } from 'vitest';
import type { StreamReader, TimerRunOptions } from '@firebase-event-store/kernel';
import { runScheduled, SCHEDULE } from './scheduled-run.js';

/** A reader whose tenants cannot be listed (Firestore down for that query), and whose timers fire. */
const reader = (asked: TimerRunOptions[]) =>
  ({
    pendingTenants: () => Promise.reject(new Error('UNAVAILABLE')),
    fireDueTimers: (options: TimerRunOptions) => {
      asked.push(options);
      return Promise.resolve([{ tenant: 't', workflow: 'W', instance: 'i', timer: 'T', status: 'fired' as const }]);
    },
  }) as unknown as StreamReader;

describe('runScheduled: the scheduled function’s minute', () => {
  it('a reader run that fails does not keep the timers from firing, within their part of the minute', async () => {
    const asked: TimerRunOptions[] = [];
    const start = Date.parse('2026-03-01T12:00:00.000Z');
    const run = await runScheduled(reader(asked), () => start);
    expect(run.errors.poll).toEqual(new Error('UNAVAILABLE'));
    expect(run.timers).toMatchObject([{ status: 'fired' }]);
    expect(asked).toEqual([{ now: new Date(start), limit: SCHEDULE.timerLimit, deadline: start + 50_000 }]);
  });

  it('timers that cannot be found are reported as the run’s error, with the reader’s runs', async () => {
    const failing = {
      pendingTenants: () => Promise.resolve([]),
      fireDueTimers: () => Promise.reject(new Error('did not answer dueTimers')),
    } as unknown as StreamReader;
    const run = await runScheduled(failing);
    expect(run).toEqual({ runs: [], timers: [], errors: { timers: new Error('did not answer dueTimers') } });
  });
});
