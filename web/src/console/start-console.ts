import type { Api } from '../api/client.js';
import { byId } from '../dom.js';
import { retryUntilDone } from '../retry-until-done.js';

/** The aggregate types the console can show: the API document's own list (no copy to keep in sync). */
async function aggregateTypes(): Promise<string[]> {
  const response = await fetch('/api/openapi.json');
  if (!response.ok) throw new Error(`/api/openapi.json answered ${response.status}`);
  const document = (await response.json()) as {
    paths: Record<string, { get?: { parameters?: { name: string; schema: { enum?: string[] } }[] } }>;
  };
  const type = document.paths['/admin/streams/{type}/{id}/events']?.get?.parameters?.find((p) => p.name === 'type');
  return type?.schema.enum ?? [];
}

/**
 * The operator console of an admin's page: its code is a chunk of its own, loaded for admins
 * only, and it needs the API. Until both are there (a reload offline, an API out of reach) the
 * console says so, has no form to submit, and is tried again when the network is back.
 */
export function startConsole(api: Api) {
  const line = byId('console-status');
  const status = (text: string) => void (line.textContent = text);
  byId('console').hidden = false;
  status('Opening the console…');
  let mounted: { close(): void } | undefined;
  let closed = false;
  const opening = retryUntilDone(
    async () => {
      // The API first: an import that failed for want of network is not tried again by the browser.
      const types = await aggregateTypes();
      const { mountConsole } = await import('./operator-console.js');
      if (closed) return;
      mounted = mountConsole(api, types);
      status('');
    },
    (why) =>
      status(
        why.offline
          ? 'You are offline: the console opens when the network is back.'
          : `The console could not reach the API: it opens when the network is back (next try in ${Math.round(why.retryInMs / 1000)} s).`,
      ),
  );
  return {
    close() {
      closed = true;
      opening.stop();
      mounted?.close();
    },
  };
}
