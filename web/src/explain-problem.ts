import type { Problem } from './api/client.js';

/** What to tell the user for each answer the API can give: what happened, and what now. */
export function explainProblem(problem: Problem): string {
  const fields = problem.errors?.map((error) => `${error.pointer}: ${error.detail}`).join('; ');
  switch (problem.status) {
    case 400:
      return `The API did not accept this key: ${problem.detail}${fields ? ` (${fields})` : ''}. Nothing was recorded.`;
    case 401:
      return 'Your sign-in has expired. Sign in again; your keys stay queued.';
    case 403:
      return `Not allowed for your account: ${problem.detail}. Nothing was recorded.`;
    case 404:
      return `Not found: ${problem.detail}.`;
    case 409:
      return `Refused by the calculator's rule “${problem.rule ?? problem.code}”: ${problem.detail}. Nothing was recorded.`;
    case 412:
      return `Someone else changed this calculator first (${problem.detail}). Your queued keys were not applied; the current state is shown.`;
    case 422:
      return `This key was already used for another request: ${problem.detail}.`;
    default:
      return `The service could not answer (${problem.status} ${problem.title}); it will be tried again.`;
  }
}
