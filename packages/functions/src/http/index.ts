/** @firebase-event-store/functions/http: the command API as an express app, built from its dependencies. */

// The app and its OpenAPI document
export { createApp, type HttpDependencies } from './create-app.js';
export { openApiDocument } from './openapi.js';

// Problems (RFC 9457 answers) and the log they are written to
export { type LogEntry, type Logger, type Problem, type ProblemCode } from './problem.js';

// ID tokens: Firebase Auth's, the Auth emulator's, and the key set they are signed with
export { authEmulatorMode, createEmulatorIdTokenVerifier } from './auth/emulator-id-token.js';
export { createFirebaseIdTokenVerifier, type FirebaseIdTokenOptions } from './auth/firebase-id-token.js';
export { type ClaimRules, type VerifyIdToken } from './auth/id-token.js';
export {
  GOOGLE_SECURETOKEN_KEYS,
  KeysUnavailable,
  remoteKeySet,
  type RemoteKeySetOptions,
} from './auth/remote-key-set.js';

// Revoked and disabled users
export {
  type CheckNotRevoked,
  createRevocationCheck,
  firebaseUserStatus,
  type LookUpUser,
  type RevocationCheckOptions,
  type RevocationPolicy,
  type UserStatus,
} from './auth/revocation.js';

// App Check
export { type AdminVerifyAppCheckToken, firebaseAppCheckVerifier, type VerifyAppCheckToken } from './auth/app-check.js';
