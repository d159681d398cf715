/**
 * Every failure the product reports on purpose is an `AppError` with a stable `code`.
 * The codes map to HTTP statuses (the table in the functions package's `http/problem.ts`, which
 * adds the transport's own codes), so a code is a promise to clients: rename one and you break them.
 */
export const ERROR_CODES = [
  'INVALID_ARGUMENT', // the input is malformed or out of range
  'UNAUTHENTICATED', // no valid credentials
  'FORBIDDEN', // valid credentials, but not for this tenant, role or command
  'NOT_FOUND', // unknown command, aggregate or resource
  'PRECONDITION', // a business rule of the aggregate said no
  'CONCURRENCY', // the aggregate kept moving under us: retries on conflict were exhausted
  'VERSION_MISMATCH', // the caller's expected version is not the aggregate's version
  'IDEMPOTENCY_MISMATCH', // an idempotency key reused with another request
  'INTERNAL',
  'UNAVAILABLE', // a dependency (Firestore, the key set) failed or is slow; safe to retry later
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** A field-level problem, with a JSON pointer into the input (`/number1`, `/items/0/name`). */
export interface FieldIssue {
  readonly pointer: string;
  readonly message: string;
}

export interface ErrorDetails {
  /** The named rule that failed, for `PRECONDITION` (and `FORBIDDEN` from an invariant). */
  readonly rule?: string;
  readonly issues?: readonly FieldIssue[];
  readonly expectedVersion?: number;
  readonly actualVersion?: number;
  readonly retryAfterSeconds?: number;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isAppError = (error: unknown, code?: ErrorCode): error is AppError =>
  error instanceof AppError && (code === undefined || error.code === code);

/** Factories in the seed library's vocabulary (`Err.invalidArgument('number1')`). */
export const Err = {
  invalidArgument: (message: string, issues: readonly FieldIssue[] = []) =>
    new AppError('INVALID_ARGUMENT', message, { issues }),
  /** Not allowed; `rule`, when a named invariant said so. */
  forbidden: (message: string, rule?: string) => new AppError('FORBIDDEN', message, rule === undefined ? {} : { rule }),
  notFound: (message: string) => new AppError('NOT_FOUND', message),
  /** A named business rule failed: `Err.precondition('missing right side')`. */
  precondition: (rule: string, message = rule) => new AppError('PRECONDITION', message, { rule }),
  /** The caller's expected version is stale; `actualVersion` when it is known. */
  versionMismatch: (expectedVersion: number, actualVersion?: number) =>
    new AppError(
      'VERSION_MISMATCH',
      actualVersion === undefined
        ? `The aggregate changed since version ${expectedVersion}`
        : `Expected version ${expectedVersion}, but the aggregate is at version ${actualVersion}`,
      actualVersion === undefined ? { expectedVersion } : { expectedVersion, actualVersion },
    ),
  /** A commit lost a race; `expectedVersion`, when known, is the version it was built on. */
  concurrency: (message: string, cause?: unknown, expectedVersion?: number) =>
    new AppError('CONCURRENCY', message, expectedVersion === undefined ? {} : { expectedVersion }, { cause }),
  unavailable: (message: string, retryAfterSeconds?: number, cause?: unknown) =>
    new AppError('UNAVAILABLE', message, retryAfterSeconds === undefined ? {} : { retryAfterSeconds }, { cause }),
  internal: (message: string, cause?: unknown) => new AppError('INTERNAL', message, {}, { cause }),
  idempotencyMismatch: () =>
    new AppError('IDEMPOTENCY_MISMATCH', 'This Idempotency-Key was used for a different request'),
};
