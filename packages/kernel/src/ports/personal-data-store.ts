import type { Snapshot, StreamKey } from './event-store.js';

/** A subject's key: 32 bytes for AES-256-GCM. */
export type SubjectKey = Buffer;

/** What a key lookup finds: the key, a tombstone (the subject was forgotten), or nothing (lost). */
export type KeyLookup = { readonly key: SubjectKey } | { readonly forgotten: true } | undefined;

/**
 * The part of the store personal data needs: the tenant's subject keys, kept where no client
 * can read them (`tenants/{tenant}/subjectKeys` in Firestore, outside the security rules'
 * readable collections), and the rewrites forgetting makes of what was derived from events.
 * The forgetting contract suite is its specification.
 */
export interface PersonalDataStore {
  /**
   * The subject's key, created on first use (concurrent first uses agree on one key). Undefined
   * when the subject was forgotten: no new personal data of theirs is stored.
   */
  subjectKey(tenant: string, keyId: string, subject: string): Promise<SubjectKey | undefined>;
  findKey(tenant: string, keyId: string): Promise<KeyLookup>;
  /**
   * Deletes the key and leaves a tombstone in one write: from then on every sealed value of the
   * subject reads as forgotten. True if the subject was already forgotten.
   */
  forgetKey(tenant: string, keyId: string, subject: string, at: Date): Promise<boolean>;
  /** Replaces the snapshot with one built from the events, if the stream is still at its version. */
  rewriteSnapshot(stream: StreamKey, snapshot: Snapshot): Promise<boolean>;
  /** The idempotency records of one stream: their keys and the stream's version after each. */
  idempotencyRecords(stream: StreamKey): Promise<{ readonly key: string; readonly version: number }[]>;
  /** Replaces the state an idempotency record answers retries with. */
  rewriteIdempotencyState(tenant: string, key: string, state: unknown): Promise<void>;
}
