import type { JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';
import pTimeout from 'p-timeout';
import { AppError, Err } from '@firebase-event-store/kernel';

/** When to refuse tokens of revoked or disabled users: on every command, on those that need a role, or never. */
export type RevocationPolicy = 'always' | 'roles' | 'never';

/** What the Auth service says about a user; undefined when there is no such user. */
export interface UserStatus {
  readonly disabled: boolean;
  /** Sessions that began before this (ms since the epoch) were revoked (`tokensValidAfterTime`). */
  readonly validSinceMs: number | undefined;
}

export type LookUpUser = (uid: string) => Promise<UserStatus | undefined>;

export interface RevocationCheckOptions {
  readonly lookUp: LookUpUser;
  /** How long a user's status is trusted: a revocation takes at most this long to bite. */
  readonly cacheMs?: number;
  /** The longest wait for the Auth service; then 503. */
  readonly timeoutMs?: number;
  readonly now?: () => number;
  readonly maxUsers?: number;
}

/** Refuses a verified token of a revoked or disabled user; resolves when the user is in good standing. */
export type CheckNotRevoked = (claims: JWTPayload) => Promise<void>;

const revoked = () =>
  new AppError('UNAUTHENTICATED', 'The session of this ID token was revoked, or its user is disabled: sign in again');

/**
 * What firebase-admin's `verifyIdToken(token, true)` adds to a verified token, at a bounded
 * cost: the user's record is looked up at most once per `cacheMs` however many requests it
 * sends (concurrent ones share the lookup), and a lookup that does not answer in `timeoutMs`
 * is a 503. As firebase-admin does, a token is revoked when its sign-in (`auth_time`) is older
 * than the user's `tokensValidAfterTime`.
 */
export function createRevocationCheck(options: RevocationCheckOptions): CheckNotRevoked {
  const cacheMs = options.cacheMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 3_000;
  const now = options.now ?? Date.now;
  const statuses = new LRUCache<string, { at: number; status: Promise<UserStatus | undefined> }>({
    max: options.maxUsers ?? 10_000,
  });

  const lookUp = (uid: string) => {
    const status = pTimeout(
      options.lookUp(uid).catch((error: unknown) => {
        throw Err.unavailable('The Auth service is unavailable; try again', 5, error);
      }),
      { milliseconds: timeoutMs, message: Err.unavailable('The Auth service did not answer in time; try again', 5) },
    );
    const entry = { at: now(), status };
    statuses.set(uid, entry);
    // A failure is not remembered: the next request asks again.
    void status.catch(() => statuses.get(uid) === entry && statuses.delete(uid));
    return status;
  };

  return async (claims) => {
    const uid = claims.sub!;
    const cached = statuses.get(uid);
    const status = await (cached && now() - cached.at < cacheMs ? cached.status : lookUp(uid));
    if (!status || status.disabled) throw revoked();
    if (status.validSinceMs !== undefined && Number(claims.auth_time) * 1000 < status.validSinceMs) throw revoked();
  };
}

/** firebase-admin's `Auth`, as far as the lookup uses it. */
interface AdminAuth {
  getUser(uid: string): Promise<{ readonly disabled: boolean; readonly tokensValidAfterTime?: string }>;
}

/** The user's status from firebase-admin's `getUser` (a user that no longer exists has none). */
export const firebaseUserStatus =
  (auth: AdminAuth): LookUpUser =>
  async (uid) => {
    try {
      const { disabled, tokensValidAfterTime } = await auth.getUser(uid);
      return { disabled, validSinceMs: tokensValidAfterTime ? Date.parse(tokensValidAfterTime) : undefined };
    } catch (error) {
      if ((error as { code?: unknown } | undefined)?.code === 'auth/user-not-found') return undefined;
      throw error;
    }
  };
