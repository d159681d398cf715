import { describe, expect, it } from 'vitest';
import { workflowSpec } from '@firebase-event-store/testing';
import { idleMinutes, idleReset } from './idle-reset.js';

const now = new Date('2026-05-01T09:00:00.000Z');
const inFiveMinutes = new Date('2026-05-01T09:05:00.000Z');
const spec = workflowSpec(idleReset({ minutes: 5 }), { now });
const digit = (digit: string) => ({ aggregateId: 'k1', name: 'DigitPressed', data: { digit } }) as const;
const reset = (expectedVersion: number) => ({
  command: 'PressClear',
  input: { aggregateId: 'k1', expectedVersion },
});

describe('IdleReset', () => {
  it('a key sets the timer, due when the calculator has been idle for the minutes given', async () => {
    await spec.given([digit('1')]).then([], [{ name: 'Reset', at: inFiveMinutes }]);
  });

  it('each key moves the timer: one is pending, and it clears the calculator at the version the last key left', async () => {
    const typed = spec.given([
      digit('1'),
      { aggregateId: 'k1', name: 'OperatorPressed', data: { operator: '+' } },
      digit('2'),
      { aggregateId: 'k1', name: 'EqualsPressed', data: {} },
    ]);
    await typed.then([], [{ name: 'Reset', at: inFiveMinutes }]);
    await typed.whenTimer('Reset').then([reset(4)], []);
  });

  it('a clear cancels the timer, and the next key sets it again', async () => {
    const cleared = [digit('1'), { aggregateId: 'k1', name: 'ClearPressed', data: {} }] as const;
    await spec.given(cleared).then([], []);
    await expect(spec.given(cleared).whenTimer('Reset').then([])).rejects.toThrow(
      'IdleReset has no pending timer Reset (pending: none)',
    );
    await spec
      .given([...cleared, digit('7')])
      .whenTimer('Reset')
      .then([reset(3)], []);
  });

  it('each calculator is watched on its own', async () => {
    const two = spec.given([digit('1'), { aggregateId: 'k2', name: 'DotPressed', data: {} }]);
    await two.then(
      [],
      [
        { name: 'Reset', at: inFiveMinutes },
        { name: 'Reset', at: inFiveMinutes },
      ],
    );
    await two
      .whenTimer('Reset', 'k2')
      .then([{ command: 'PressClear', input: { aggregateId: 'k2', expectedVersion: 1 } }]);
  });

  it('takes its minutes from IDLE_RESET_MINUTES: 10 unless set, a positive number or it refuses to start', () => {
    expect(idleMinutes({})).toBe(10);
    expect(idleMinutes({ IDLE_RESET_MINUTES: '0.5' })).toBe(0.5);
    for (const bad of ['0', '-1', 'ten', '5m'])
      expect(() => idleMinutes({ IDLE_RESET_MINUTES: bad })).toThrow(`IDLE_RESET_MINUTES="${bad}" is not a positive`);
    expect(() => idleReset({ minutes: 0 })).toThrow('not a positive number of minutes');
  });
});
