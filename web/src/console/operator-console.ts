import type { Api, Problem } from '../api/client.js';
import { explainProblem } from '../explain-problem.js';
import { byId, cell, elementsOf, emptyRow, fromTemplate } from '../dom.js';

const REFRESH_MS = 2_000;

const button = (text: string, label: string, onClick: () => Promise<void>) => {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = text;
  element.setAttribute('aria-label', label);
  element.addEventListener('click', () => void onClick());
  return element;
};

/**
 * The operator console, for the tenant's admins: an aggregate's stream with each event's
 * metadata, its state at a version, each handler's lag (refreshed every 2 s while shown), the
 * dead letters with release and skip, and projection rebuilds. All through the admin routes.
 * A chunk of its own (start-console.ts loads it): no other user downloads it.
 */
export function mountConsole(api: Api, aggregateTypes: readonly string[]) {
  byId('console').append(fromTemplate('console-template'));
  const ui = elementsOf(
    'console-status',
    'stream-type',
    'stream-id',
    'stream',
    'stream-more',
    'travel-version',
    'travel-state',
    'readers',
    'dead-letters',
    'stream-form',
    'time-travel',
  );
  const status = (text: string) => {
    ui['console-status'].textContent = text;
  };
  const failed = (problem: Problem | undefined) =>
    status(problem ? explainProblem(problem) : 'The API did not answer.');
  const typeSelect = ui['stream-type'] as HTMLSelectElement;
  typeSelect.replaceChildren(...aggregateTypes.map((type) => new Option(type, type, type === 'KeystrokeCalculator')));
  typeSelect.value = aggregateTypes.includes('KeystrokeCalculator') ? 'KeystrokeCalculator' : (aggregateTypes[0] ?? '');
  const rows = ui.stream.querySelector('tbody')!;
  const more = ui['stream-more'];
  let next: number | null = null;

  async function showStream(from: number) {
    const path = streamPath();
    const { data, error } = await api.GET('/admin/streams/{type}/{id}/events', {
      params: { path, query: { from, limit: 50 } },
    });
    if (!data) return failed(error);
    if (from === 1)
      rows.replaceChildren(
        ...(data.events.length ? [] : [emptyRow('tr', `No events: ${data.type} ${data.id} has none.`, 8)]),
      );
    for (const event of data.events) {
      const row = document.createElement('tr');
      row.append(
        cell('td', String(event.version)),
        cell('td', event.name),
        cell('td', JSON.stringify(event.data)),
        cell('td', event.meta.actor.name || event.meta.actor.id),
        cell('td', event.meta.command),
        cell('td', event.meta.correlationId),
        cell('td', event.meta.causationId ?? '—'),
        cell('td', new Date(event.committedAt).toLocaleString()),
      );
      rows.append(row);
    }
    next = data.next;
    more.hidden = next === null;
    status(`${rows.childElementCount} events of ${data.type} ${data.id}.`);
  }

  const streamPath = () => ({
    type: typeSelect.value as never,
    id: (ui['stream-id'] as HTMLInputElement).value,
  });

  /** The state at a version; past the stream's end it says where the stream ends, never shows its last state as that version. */
  async function travel() {
    const path = streamPath();
    const version = Number((ui['travel-version'] as HTMLInputElement).value);
    const shown = ui['travel-state'];
    shown.classList.remove('empty');
    const { data, error } = await api.GET('/admin/streams/{type}/{id}/state', { params: { path, query: { version } } });
    if (data && data.version === version) {
      shown.textContent = `version ${data.version}: ${JSON.stringify(data.state, null, 2)}`;
      return;
    }
    if (!data && error?.status !== 404) return failed(error);
    // Past the end: an older API answers with the last version, a newer one 404; either way, where does it end?
    const last = data ?? (await api.GET('/admin/streams/{type}/{id}/state', { params: { path } })).data;
    shown.textContent = !last
      ? `There is no version ${version} of ${path.id}.`
      : last.version === 0
        ? `There is no version ${version}: ${path.id} has no events.`
        : `There is no version ${version}: ${path.id} ends at version ${last.version}.`;
  }

  async function release(handler: string, skip: boolean) {
    const { data, error } = await api.POST('/admin/readers/{handler}/release', {
      params: { path: { handler } },
      body: { skip },
    });
    if (!data) return failed(error);
    status(`${handler} ${skip ? 'skipped the event' : 'retried the event'}: ${data.run?.status ?? 'not run'}.`);
    await refresh();
  }

  async function rebuild(handler: string) {
    const { data, error } = await api.POST('/admin/readers/{handler}/rebuild', {
      params: { path: { handler } },
      body: {},
    });
    if (!data) return failed(error);
    status(`${handler} rebuilt: ${data.status}, ${data.to} events.`);
    await refresh();
  }

  async function refresh() {
    const [readers, letters] = await Promise.all([api.GET('/admin/readers'), api.GET('/admin/dead-letters')]);
    if (!readers.data || !letters.data) return failed(readers.error ?? letters.error);
    const handlers = readers.data.readers;
    ui.readers.querySelector('tbody')!.replaceChildren(
      ...(handlers.length ? [] : [emptyRow('tr', 'This deployment has no event handlers.', 7)]),
      ...handlers.map((lag) => {
        const row = document.createElement('tr');
        row.dataset.handler = lag.handler;
        const actions = document.createElement('td');
        actions.append(button('Rebuild', `Rebuild ${lag.handler}`, () => rebuild(lag.handler)));
        row.append(
          cell('td', lag.handler),
          cell('td', String(lag.position)),
          cell('td', String(lag.head)),
          cell('td', String(lag.events)),
          cell('td', String(Math.round(lag.seconds))),
          cell('td', lag.blocked ? 'stopped on a dead letter' : lag.events === 0 ? 'caught up' : 'behind'),
          actions,
        );
        return row;
      }),
    );
    const deadLetters = letters.data.deadLetters;
    ui['dead-letters'].replaceChildren(
      ...(deadLetters.length ? [] : [emptyRow('li', 'No dead letters: no handler is stopped.')]),
      ...deadLetters.map((letter) => {
        const item = cell(
          'li',
          `${letter.handler} stopped at ${letter.eventId} after ${letter.attempts} attempts: ${letter.error} `,
        );
        item.className = 'dead-letter';
        item.append(
          button('Release', `Release ${letter.handler}`, () => release(letter.handler, false)),
          button('Skip', `Skip the event for ${letter.handler}`, () => release(letter.handler, true)),
        );
        return item;
      }),
    );
  }

  ui['stream-form'].addEventListener('submit', (event) => {
    event.preventDefault();
    void showStream(1);
  });
  more.addEventListener('click', () => void (next !== null && showStream(next)));
  ui['time-travel'].addEventListener('submit', (event) => {
    event.preventDefault();
    void travel();
  });
  const timer = setInterval(() => void (navigator.onLine && refresh()), REFRESH_MS);
  void refresh();
  return { close: () => clearInterval(timer) };
}
