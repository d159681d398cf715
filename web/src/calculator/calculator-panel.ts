import { doc, getDocFromServer, type Firestore } from 'firebase/firestore';
import type { CommandName, Problem } from '../api/client.js';
import { explainProblem } from '../explain-problem.js';
import type { CommandQueue, QueuedCommand } from '../offline/command-queue.js';
import type { SendEvents } from '../offline/send-queue.js';
import { byId } from '../dom.js';
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
  let id = idInput.value;
  /** The version on display: what the next press is made on. */
  let shown = 0;
  let stop = () => undefined as void;

  const render = (snapshot: CalculatorSnapshot | undefined, fromCache: boolean) => {
    // The API's answer and the listener race, and a listener may first replay an older cached
    // snapshot: versions only grow.
    if ((snapshot?.version ?? 0) < shown) return;
    shown = snapshot?.version ?? 0;
    const state = snapshot?.state;
    byId('freshness').textContent = fromCache ? 'as last seen on this device' : 'live';
    byId('display').textContent = state
      ? [state.left, state.operator, state.right].filter((part) => part !== null).join(' ')
      : '0';
    byId('result').textContent = String(state?.result ?? 0);
    byId('version').textContent = String(snapshot?.version ?? 0);
  };
  const showProblem = (text: string | undefined, conflict = false) => {
    byId('problem').hidden = text === undefined;
    byId('problem-text').textContent = text ?? '';
    byId('conflict-actions').hidden = !conflict;
  };
  const showQueue = async (why?: string) => {
    const waiting = (await queue.of(uid, id)).length;
    byId('queue').textContent =
      waiting === 0 ? '' : `${waiting} key${waiting === 1 ? '' : 's'} waiting to be sent${why ? `: ${why}` : ''}.`;
  };
  const watch = async () => {
    stop();
    shown = 0;
    render(undefined, true);
    stop = watchCalculator(db, tenant, id, render, (error) => showProblem(`Live updates stopped: ${error.message}`));
    const conflict = await queue.conflict(uid, id);
    showProblem(conflict && explainProblem(conflict.problem), conflict !== undefined);
    await showQueue();
  };

  async function press({ name, body }: Press) {
    if (!idInput.checkValidity())
      return showProblem('The calculator id is 1-128 letters, digits, dots, dashes or underscores.');
    showProblem(undefined);
    const command = {
      uid,
      aggregateId: id,
      name,
      body: { aggregateId: id, ...body },
      idempotencyKey: crypto.randomUUID(),
      queuedAt: new Date().toISOString(),
    };
    await queue.enqueue(command, shown);
    await showQueue(navigator.onLine ? undefined : 'you are offline; they are sent when you are back online');
    await drain();
  }

  const keypad = byId('keypad');
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
    await queue.rebase(uid, id, shown);
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
  byId('conflict-retry').addEventListener('click', retry);
  byId('conflict-discard').addEventListener('click', discard);
  void watch();

  const mine = (command: QueuedCommand) => command.aggregateId === id;
  return {
    sent(command, answer) {
      // The committed state, from the API: the display need not wait for the listener, nor
      // depend on it (README, "The PWA": a listen opened again after a token refresh was seen
      // to miss a racing commit for good, on the emulator).
      if (mine(command)) render(answer as CalculatorSnapshot, false);
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
    close() {
      stop();
      keypad.removeEventListener('click', onClick);
      document.removeEventListener('keydown', onKey);
      idInput.removeEventListener('change', onId);
      byId('conflict-retry').removeEventListener('click', retry);
      byId('conflict-discard').removeEventListener('click', discard);
    },
  };
}
