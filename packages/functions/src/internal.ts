/**
 * @firebase-event-store/functions/internal: the HTTP app's own steps (the problem handler, the
 * App Check middleware, the ID token's checks), exported until now and composed by createApp.
 * No promise of stability: anything here may change with any release. The public API is
 * `@firebase-event-store/functions` and `@firebase-event-store/functions/http`.
 */

// The deployment's params, as firebase deploy shows them (the docs render their table from them)
export { PARAMS } from './config.js';

// Problems
export { problemHandler, STATUS_BY_CODE } from './http/problem.js';

// ID tokens' checks and App Check's middleware
export { requireAppCheck } from './http/auth/app-check.js';
export {
  checkFirebaseClaims,
  checkTimes,
  checkTokenType,
  invalidToken,
  MAX_LIFETIME_SECONDS,
  securetokenIssuer,
} from './http/auth/id-token.js';
