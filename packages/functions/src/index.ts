/**
 * @firebase-event-store/functions: Cloud Functions for Firebase from one catalog (the command
 * API, the onCreate trigger, the scheduled reader), their configuration as firebase-functions
 * params, and the security rules the catalog implies. The HTTP app alone: `./http`.
 */

// The functions of a catalog
export { createFunctions, type FunctionsOptions } from './create-functions.js';
export { eventCreatedTrigger } from './triggers/event-created-trigger.js';
export { scheduledReader } from './triggers/scheduled-reader.js';
export { runScheduled, SCHEDULE, type ScheduledRun } from './triggers/scheduled-run.js';

// Configuration: firebase-functions params and the .env they are read from
export {
  type ApiConfig,
  apiConfig,
  ConfigError,
  DEFAULT_ENV,
  readConfig,
  REGION,
  UNIQUE_SECRET,
  uniqueSecretOf,
} from './config.js';

// A deployment: the store, the handler and the reader on one Firestore
export { createDeployment, type DeploymentOptions, deploymentRegistry, FORGET_SETTLE_MS } from './deployment.js';

// The security rules the catalog implies
export { renderFirestoreRules } from './firestore-rules.js';

// Subject keys wrapped by Cloud KMS
export { cloudKmsKeyWrapper, type KmsClient, lazyCloudKmsClient } from './keys/cloud-kms-key-wrapper.js';

// An Auth blocking function that gives a new user a tenant and roles by the team's rule
export { NewUserClaims, type NewUserClaimsRule, newUserClaimsFunction } from './new-user-claims.js';
