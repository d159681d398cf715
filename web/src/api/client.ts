import createClient, { type Middleware } from 'openapi-fetch';
import type { User } from 'firebase/auth';
import type { paths } from './schema.js';

/** The API on the PWA's own origin: Firebase Hosting rewrites `/api/**` to the function. */
export type Api = ReturnType<typeof createApi>;

type CommandPath = Extract<keyof paths, `/commands/${string}`>;
export type CommandName = CommandPath extends `/commands/${infer Name}` ? Name : never;
export type CommandBody<N extends CommandName> =
  paths[`/commands/${N}`]['post']['requestBody']['content']['application/json'];

/** RFC 9457 problem document, as every error of the API comes. */
export interface Problem {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly rule?: string;
  readonly errors?: readonly { readonly pointer: string; readonly detail: string }[];
}

/**
 * The typed client (openapi-fetch over the types openapi-typescript generated from the API's
 * `/openapi.json`), sending the signed-in user's ID token. A 401 gets one more try with a
 * freshly minted token: the cached one may have expired while the tab slept.
 */
export function createApi(currentUser: () => User | null, baseUrl = '/api') {
  const client = createClient<paths>({ baseUrl });
  const retries = new WeakMap<Request, Request>();
  const bearer = async (force: boolean) => {
    const user = currentUser();
    if (!user) throw new Error('Not signed in');
    return `Bearer ${await user.getIdToken(force)}`;
  };
  const auth: Middleware = {
    async onRequest({ request }) {
      request.headers.set('Authorization', await bearer(false));
      retries.set(request, request.clone());
      return request;
    },
    async onResponse({ request, response }) {
      const retry = retries.get(request);
      if (response.status !== 401 || !retry) return response;
      retry.headers.set('Authorization', await bearer(true));
      return fetch(retry);
    },
  };
  client.use(auth);
  return client;
}

/** What the API answers for a committed command: the events it made, the aggregate's version and state after them. */
export interface CommandAnswer {
  readonly version: number;
  readonly state: unknown;
  readonly events: readonly { readonly name: string }[];
}

/** Sends one command with its version and key; `undefined` data means a problem document. */
export async function sendCommand<N extends CommandName>(
  api: Api,
  name: N,
  body: CommandBody<N>,
  headers: { readonly expectedVersion: number; readonly idempotencyKey: string; readonly traceparent?: string },
) {
  // One cast: openapi-fetch cannot narrow a path built from a generic name.
  const post = api.POST as unknown as (
    path: string,
    init: { body: unknown; params: { header: Record<string, string> } },
  ) => Promise<{ data?: CommandAnswer; error?: Problem; response: Response }>;
  return post(`/commands/${name}`, {
    body,
    params: {
      header: {
        'If-Match': `"${headers.expectedVersion}"`,
        'Idempotency-Key': headers.idempotencyKey,
        // The API's span of this request becomes a child of the caller's (the press's send).
        ...(headers.traceparent && { traceparent: headers.traceparent }),
      },
    },
  });
}
