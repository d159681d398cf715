import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import type { Firestore } from 'firebase-admin/firestore';
import { createFirestoreEventStore, createFirestorePersonalData } from '@firebase-event-store/firestore';
import {
  createAggregateRegistry,
  createStreamReader,
  DataSubject,
  encryptPersonalData,
  forgetSubject,
  type Actor,
  type Catalog,
} from '@firebase-event-store/kernel';

/**
 * How long forgetting waits out commands in flight (see `forgetSubject`): a command gives up on
 * the store after 8 s, so after 12 s none that read the key or a plain snapshot before it was
 * deleted can still write; well within the API function's 30 s timeout.
 */
export const FORGET_SETTLE_MS = 12_000;

/** The deployment's aggregates: the catalog's, and the audit trail of forgetting. */
export const deploymentRegistry = (catalog: Catalog) => createAggregateRegistry([...catalog.aggregates, DataSubject]);

/**
 * The deployment's parts over one Firestore database, as the functions and the operator tools
 * all see them: the store, whose commits seal the catalog's personal fields and whose every read
 * opens them; the registry, with the audit trail of forgetting; the stream reader; and
 * forgetting a data subject of the actor's tenant.
 */
export function createDeployment(db: Firestore, catalog: Catalog, { projectId }: { projectId: string }) {
  const keys = createFirestorePersonalData(db);
  const raw = createFirestoreEventStore(db, { projectId });
  const store = encryptPersonalData(raw, { keys, aggregates: catalog.aggregates });
  const registry = deploymentRegistry(catalog);
  const reader = createStreamReader({ store, handlers: catalog.handlers, newId: randomUUID });
  const forget = (actor: Actor, subject: string, settle = () => setTimeout(FORGET_SETTLE_MS)) =>
    forgetSubject({ store, keys, registry, handlers: catalog.handlers, reader, settle }, actor, subject);
  return { raw, store, keys, registry, reader, forget };
}
