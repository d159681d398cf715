import { doc, getDocFromServer, type Firestore } from 'firebase/firestore';
import type { CommandName, Problem } from '../api/client.js';
import { explainProblem } from '../explain-problem.js';
import type { CommandQueue, QueuedCommand } from '../offline/command-queue.js';
import type { SendEvents } from '../offline/send-queue.js';
import { tracing } from '../tracing/tracing.js';
import { byId, elementsOf } from '../dom.js';
import { displayOf, equalsBetween } from './display.js';
import { watchCalculator, type CalculatorSnapshot } from './live-views.js';

/** The key a button or a keyboard key stands for, as the command that presses it. */
type Press = { name: CommandName; body: Record<string, unknown> };

function pressOf(element: HTMLElement): Press | undefined {
  const { digit, operator } = element.dataset;
  if (digit !== undefined) return { name: 'PressDigit', body: { digit } };
  if (operator !== undefined) return { name: 'PressOperator', body: { operator } };
  if ('dot' in element.dataset) return { name: 'PressDot', body: {} };
  if ('equals' in element.dataset) return { name: 'PressEquals', body: {} };
  if ('clear' in element.dataset) return { name: 'PressClear', body: {} };
  return undefined;
}

const KEYS: Record<string, string> = {
  Enter: '[data-equals]',
  '=': '[data-equals]',
  Escape: '[data-clear]',
  '.': '[data-dot]',
};
const selectorOf = (key: string) =>
  /^[0-9]$/.test(key) ? `[data-digit="${key}"]` : '+-*/'.includes(key) ? `[data-operator="${key}"]` : KEYS[key];

export interface CalculatorPanel extends SendEvents {
  /** Stops its live reads. */
  close(): void;
}

/**
 * The keypad: every press becomes a command queued in the outbox with its key and version,
 * then sent; the display shows the snapshot Firestore streams back, or the state the API answered
 * with when that is newer: never a local guess.
 */
export function mountCalculator(options: {
  db: Firestore;
  tenant: string;
  uid: string;
  queue: CommandQueue;
  drain: () => Promise<void>;
}): CalculatorPanel {
  const { db, tenant, uid, queue, drain } = options;
  const idInput = byId<HTMLInputElement>('calculator-id');
  const ui = elementsOf(
    'display',
    'freshness',
    'result',
    'version',
    'problem',
    'problem-text',
    'conflict-actions',
    'conflict-retry',
    'conflict-discard',
    'queue',
    'keypad',
  );
  let id = idInput.value;
  /** The snapshot on display (its version is what the next press is made on), and whether its last key was `=`. */
  let shown: CalculatorSnapshot | undefined;
  let stop = () => undefined as void;

  const render = (snapshot: CalculatorSnapshot | undefined, fromCache: boolean, lastKeyWasEquals?: boolean) => {
    // The API's answer and the listener race, and a listener may first replay an older cached
    // snapshot: versions only grow.
    if ((snapshot?.version ?? 0) < (shown?.version ?? 0)) return;
    const equals = snapshot && (lastKeyWasEquals ?? equalsBetween(shown, snapshot));
    // The same version again (the listener after the API's answer) keeps what the display knew.
    if (!snapshot || snapshot.version !== shown?.version || equals !== undefined) {
      ui.display.textContent = displayOf(snapshot?.state, equals);
    }
    shown = snapshot;
    ui.freshness.textContent = fromCache ? 'as last seen on this device' : 'live';
    ui.result.textContent = String(snapshot?.state.result ?? 0);
    ui.version.textContent = String(snapshot?.version ?? 0);
  };
  const showProblem = (text: string | undefined, conflict = false) => {
    ui.problem.hidden = text === undefined;
    ui['problem-text'].textContent = text ?? '';
    ui['conflict-actions'].hidden = !conflict;
  };
  const showQueue = async (why?: string) => {
    const waiting = (await queue.of(uid, id)).length;
    ui.queue.textContent =
      waiting === 0 ? '' : `${waiting} key${waiting === 1 ? '' : 's'} waiting to be sent${why ? `: ${why}` : ''}.`;
  };
  /** The aggregate's unresolved 412, with its choices, or no problem: a conflict stays until the user decides. */
  const showConflict = async () => {
    const conflict = await queue.conflict(uid, id);
    showProblem(conflict && explainProblem(conflict.problem), conflict !== undefined);
  };
  const watch = async () => {
    stop();
    shown = undefined;
    render(undefined, true);
    stop = watchCalculator(db, tenant, id, render, (error) => showProblem(`Live updates stopped: ${error.message}`));
    await showConflict();
    await showQueue();
  };

  async function press({ name, body }: Press) {
    if (!idInput.checkValidity())
      return showProblem('The calculator id is 1-128 letters, digits, dots, dashes or underscores.');
    // The press's span, from the click until its command is answered or waits in the outbox.
    const span = (await tracing)?.press(name);
    try {
      // A key pressed behind a conflict waits with it; hiding the choices would leave it stuck.
      await showConflict();
      const command = {
        uid,
        aggregateId: id,
        name,
        body: { aggregateId: id, ...body },
        idempotencyKey: crypto.randomUUID(),
        queuedAt: new Date().toISOString(),
        ...(span && { traceparent: span.traceparent }),
      };
      await queue.enqueue(command, shown?.version ?? 0);
      await showQueue(navigator.onLine ? undefined : 'you are offline; they are sent when you are back online');
      await drain();
    } finally {
      span?.end();
    }
  }

  const keypad = ui.keypad;
  const onClick = (event: MouseEvent) => {
    const button = (event.target as HTMLElement).closest('button');
    const what = button && pressOf(button);
    if (what) void press(what);
  };
  const onKey = (event: KeyboardEvent) => {
    if ((event.target as HTMLElement).closest('input, select, textarea, button')) return;
    const selector = selectorOf(event.key);
    const button = selector ? keypad.querySelector<HTMLButtonElement>(selector) : null;
    if (button) {
      event.preventDefault();
      button.click();
    }
  };
  const onId = () => {
    if (!idInput.checkValidity() || idInput.value === id) return;
    id = idInput.value;
    void watch();
  };
  const reloadCurrent = async () => {
    const current = await getDocFromServer(doc(db, 'tenants', tenant, 'KeystrokeCalculator', id));
    render(current.data() as CalculatorSnapshot | undefined, false);
  };
  const onRetry = async () => {
    await queue.rebase(uid, id, shown?.version ?? 0);
    showProblem(undefined);
    await drain();
  };
  const onDiscard = async () => {
    await queue.discard(uid, id);
    showProblem(undefined);
    await showQueue();
  };
  const retry = () => void onRetry();
  const discard = () => void onDiscard();
  keypad.addEventListener('click', onClick);
  document.addEventListener('keydown', onKey);
  idInput.addEventListener('change', onId);
  ui['conflict-retry'].addEventListener('click', retry);
  ui['conflict-discard'].addEventListener('click', discard);
  void watch();

  const mine = (command: QueuedCommand) => command.aggregateId === id;
  return {
    sent(command, answer) {
      // The committed state, from the API: the display need not wait for the listener, nor
      // depend on it (docs/pwa.md, "How it is built": a listen opened again after a token refresh was seen
      // to miss a racing commit for good, on the emulator).
      if (mine(command)) render(answer as CalculatorSnapshot, false, answer.events.at(-1)?.name === 'EqualsPressed');
      void showQueue();
    },
    refused(command, problem: Problem) {
      if (mine(command)) showProblem(explainProblem(problem));
      void showQueue();
    },
    conflict(command, problem) {
      if (!mine(command)) return;
      showProblem(explainProblem(problem), true);
      void reloadCurrent().catch(() => undefined);
    },
    waiting(command, why) {
      if (mine(command)) void showQueue(why);
    },
    /** Its elements go with the page; the live read and the keyboard, which outlive it, stop here. */
    close() {
      stop();
      document.removeEventListener('keydown', onKey);
    },
  };
}
