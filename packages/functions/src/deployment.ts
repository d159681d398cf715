import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { Firestore } from 'firebase-admin/firestore';
import { createFirestoreEventStore, createFirestorePersonalData } from '@firebase-event-store/firestore';
import {
  createAggregateRegistry,
  createCommandHandler,
  createStreamReader,
  DataSubject,
  encryptPersonalData,
  forgetSubject,
  type Actor,
  type Catalog,
  type ForgetReport,
  type KeyWrapper,
  type SnapshotCache,
} from '@firebase-event-store/kernel';
import { cloudKmsKeyWrapper, lazyCloudKmsClient } from './keys/cloud-kms-key-wrapper.js';

/**
 * How long forgetting waits out commands in flight (see `forgetSubject`): a command gives up on
 * the store after 8 s, so after 12 s none that read the key or a plain snapshot before it was
 * deleted can still write; well within the API function's 30 s timeout.
 */
export const FORGET_SETTLE_MS = 12_000;

/** The deployment's aggregates: the catalog's, and the audit trail of forgetting. */
export const deploymentRegistry = (catalog: Catalog) => createAggregateRegistry([...catalog.aggregates, DataSubject]);

export interface DeploymentOptions {
  readonly projectId: string;
  /** The database of the subject keys; default: the catalog's `subjectKeys.database` of the project, or `db`. */
  readonly keysDatabase?: Firestore;
  /** What wraps the subject keys; default: Cloud KMS with the catalog's `subjectKeys.kmsKeyName`, or nothing. */
  readonly keyWrapper?: KeyWrapper;
  /** The command handler's snapshot cache (the API's instances keep one); default: none. */
  readonly cache?: SnapshotCache;
  /**
   * The key of the unique-value claims (`createCommandHandler({ uniqueSecret })`); every process
   * of a deployment must use the same one (`uniqueSecretOf` reads it). Default: the kernel's salted one.
   */
  readonly uniqueSecret?: string;
}

/**
 * The deployment's parts over its Firestore database, as the functions and the operator tools
 * all see them: the store, whose commits seal the catalog's personal fields and whose every read
 * opens them; the subject keys, where the catalog keeps them (`subjectKeys`: the events' database
 * or another one, wrapped by Cloud KMS or not), so that every process of the deployment finds
 * them in the same place; the registry, with the audit trail of forgetting; the command handler;
 * the stream reader, which sends the commands reactions return through that handler;
 * forgetting a data subject of the actor's tenant; and forgetting again, after a restore of the
 * main database, every subject the keys say was forgotten.
 */
export function createDeployment(db: Firestore, catalog: Catalog, options: DeploymentOptions) {
  const { projectId } = options;
  const { database, kmsKeyName } = catalog.subjectKeys;
  const keysDatabase =
    options.keysDatabase ??
    (database === undefined ? db : new Firestore({ projectId, databaseId: database, ignoreUndefinedProperties: true }));
  const wrapper = options.keyWrapper ?? (kmsKeyName && cloudKmsKeyWrapper(lazyCloudKmsClient(), kmsKeyName(projectId)));
  const keys = createFirestorePersonalData(db, { keysDatabase, ...(wrapper && { wrapper }) });
  const raw = createFirestoreEventStore(db, { projectId });
  const store = encryptPersonalData(raw, { keys, aggregates: catalog.aggregates });
  const registry = deploymentRegistry(catalog);
  const handler = createCommandHandler({
    store,
    registry,
    newId: randomUUID,
    ...(options.cache && { cache: options.cache }),
    ...(options.uniqueSecret !== undefined && { uniqueSecret: options.uniqueSecret }),
  });
  // The commands reactions return go through the same handler as the API's (rules, roles, keys).
  const reader = createStreamReader({ store, handlers: catalog.handlers, newId: randomUUID, commands: handler });
  const forget = (actor: Actor, subject: string, settle = () => setTimeout(FORGET_SETTLE_MS)) =>
    forgetSubject({ store, keys, registry, handlers: catalog.handlers, reader, settle }, actor, subject);
  /**
   * After the main database was restored from a backup or an export older than some
   * forgetting: its snapshots, read models and idempotency records hold those subjects' data in
   * plain again (their events do not open: the keys stayed forgotten). Rebuilds them for every
   * subject of the actor's tenant whose key is a tombstone, and records an audit event for each.
   * Run it before the restored database serves clients.
   */
  const forgetAgain = async (actor: Actor, settle?: () => Promise<void>): Promise<ForgetReport[]> => {
    const reports: ForgetReport[] = [];
    for (const subject of await keys.forgottenSubjects(actor.tenant))
      reports.push(await forget(actor, subject, settle));
    return reports;
  };
  return { raw, store, keys, registry, handler, reader, forget, forgetAgain };
}
