import { defineWorkflow } from '@firebase-event-store/kernel';
import { KeystrokeCalculator } from '../aggregates/keystroke-calculator.js';

const MINUTE = 60_000;

/** The instance's state: the calculator it watches, and its version when the last key was pressed. */
interface Watched {
  readonly calculator: string | null;
  readonly version: number;
}

/**
 * The reference project's workflow: a keystroke calculator left idle for `minutes` is cleared by
 * a timer. Every key sets the timer `Reset` again, so a key pressed before it is due moves it;
 * a clear cancels it. When it fires it sends `PressClear` (for managers: the workflow holds the
 * role) as the actor `workflow:IdleReset`, caused by the event that last set the timer. The
 * command expects the version that key left, so a key pressed meanwhile that the workflow has
 * not yet seen wins: the command answers 412, the timer stays, and that key moves it.
 */
export function idleReset({ minutes }: { readonly minutes: number }) {
  if (!(Number.isFinite(minutes) && minutes > 0))
    throw new RangeError(`IdleReset: ${minutes} is not a positive number of minutes`);
  const pressed = (_state: Watched, event: { aggregateId: string; version: number }, { now }: { now: Date }) => ({
    state: { calculator: event.aggregateId, version: event.version },
    timers: [{ name: 'Reset', at: new Date(now.getTime() + minutes * MINUTE) }],
  });
  return defineWorkflow({
    name: 'IdleReset',
    from: [KeystrokeCalculator],
    roles: ['manager'],
    instance: (event) => event.aggregateId,
    initial: (): Watched => ({ calculator: null, version: 0 }),
    on: {
      DigitPressed: pressed,
      DotPressed: pressed,
      OperatorPressed: pressed,
      EqualsPressed: pressed,
      // Cleared (by a manager, or by this workflow): nothing left to reset until the next key.
      ClearPressed: (state, event) => ({ state: { ...state, version: event.version }, cancel: ['Reset'] }),
    },
    timers: {
      Reset: ({ calculator, version }) =>
        calculator === null
          ? undefined
          : { commands: [{ command: 'PressClear', input: { aggregateId: calculator, expectedVersion: version } }] },
    },
  });
}

/** The variable that sets how long a calculator may sit idle (functions/.env.local for a demo, .env.<project>). */
export const IDLE_RESET_MINUTES = 'IDLE_RESET_MINUTES';
const DEFAULT_MINUTES = 10;

/** The minutes `IDLE_RESET_MINUTES` gives (a positive number, fractions allowed), 10 when unset. */
export function idleMinutes(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env[IDLE_RESET_MINUTES];
  if (raw === undefined || raw.trim() === '') return DEFAULT_MINUTES;
  const minutes = Number(raw);
  if (!(Number.isFinite(minutes) && minutes > 0))
    throw new RangeError(`${IDLE_RESET_MINUTES}=${JSON.stringify(raw)} is not a positive number of minutes`);
  return minutes;
}
