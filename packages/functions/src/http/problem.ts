import type { ErrorRequestHandler } from 'express';
import { AppError, type ErrorCode } from '@firebase-event-store/kernel';
import { TransportError, type TransportCode } from './transport-error.js';

/** Every code a problem document carries: the kernel's and the transport's. */
export type ProblemCode = ErrorCode | TransportCode;

/** The one table from error codes to HTTP statuses. */
export const STATUS_BY_CODE: Readonly<Record<ProblemCode, number>> = {
  INVALID_ARGUMENT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PRECONDITION: 409,
  CONCURRENCY: 409,
  VERSION_MISMATCH: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_MISMATCH: 422,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

const TITLES: Readonly<Record<ProblemCode, string>> = {
  INVALID_ARGUMENT: 'Invalid request',
  UNAUTHENTICATED: 'Authentication required',
  FORBIDDEN: 'Not allowed',
  NOT_FOUND: 'Not found',
  METHOD_NOT_ALLOWED: 'Method not allowed',
  PRECONDITION: 'Business rule violated',
  CONCURRENCY: 'Conflict',
  VERSION_MISMATCH: 'Version mismatch',
  PAYLOAD_TOO_LARGE: 'Request body too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  IDEMPOTENCY_MISMATCH: 'Idempotency key reused',
  INTERNAL: 'Internal error',
  UNAVAILABLE: 'Service unavailable',
};

/** RFC 9457 problem document, with our stable `code` and the request id. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  readonly code: ProblemCode;
  readonly requestId: string;
  readonly errors?: readonly { readonly pointer: string; readonly detail: string }[];
  readonly rule?: string;
}

export interface LogEntry {
  readonly severity: 'WARNING' | 'ERROR';
  readonly message: string;
  readonly requestId: string;
  readonly [field: string]: unknown;
}

export type Logger = (entry: LogEntry) => void;

/** The status an error from express, its router or a middleware carries (http-errors' convention), when it is a 4xx. */
function clientStatusOf(error: unknown): number | undefined {
  const { status, statusCode } = (error ?? {}) as { status?: unknown; statusCode?: unknown };
  const value = typeof status === 'number' ? status : statusCode;
  return typeof value === 'number' && value >= 400 && value < 500 ? value : undefined;
}

const TRANSPORT_BY_STATUS: Readonly<Record<number, TransportCode>> = {
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/**
 * A client error that express or a middleware raised itself (a malformed percent-escape in the
 * route, a body a parser refused) is the client's, not a bug: a 4xx problem with our own words,
 * never the library's message, and nothing logged at ERROR.
 */
function fromTransport(error: unknown): AppError | TransportError | undefined {
  const status = clientStatusOf(error);
  if (status === undefined) return undefined;
  if (error instanceof URIError) {
    return new AppError('INVALID_ARGUMENT', 'The request URL is malformed: it has an invalid percent-escape');
  }
  if (status === 404) return new AppError('NOT_FOUND', TITLES.NOT_FOUND);
  const code = TRANSPORT_BY_STATUS[status];
  return code ? new TransportError(code, TITLES[code]) : new AppError('INVALID_ARGUMENT', 'The request is malformed');
}

const typeOf = (code: ProblemCode) => `urn:problem:event-store:${code.toLowerCase().replaceAll('_', '-')}`;

/**
 * What a client may see of an error. Our own `AppError`s carry messages written for clients;
 * anything else, and any 500, is reported without its message or stack (those go to the log).
 */
function toProblem(error: unknown, requestId: string, instance: string): Problem {
  const known =
    (error instanceof AppError && error.code !== 'INTERNAL') || error instanceof TransportError ? error : undefined;
  const code: ProblemCode = known?.code ?? 'INTERNAL';
  const details = known instanceof AppError ? known.details : {};
  const issues = details.issues;
  return {
    type: typeOf(code),
    title: TITLES[code],
    status: STATUS_BY_CODE[code],
    detail: known?.message ?? `Something went wrong on our side. Quote request id ${requestId} when reporting it.`,
    instance,
    code,
    requestId,
    ...(issues?.length && { errors: issues.map(({ pointer, message }) => ({ pointer, detail: message })) }),
    ...(details.rule !== undefined && { rule: details.rule }),
  };
}

/** The last middleware: every error becomes a problem document; 5xx and their causes are logged. */
export function problemHandler(log: Logger): ErrorRequestHandler {
  return (raised: unknown, req, res, _next) => {
    const error =
      raised instanceof AppError || raised instanceof TransportError ? raised : (fromTransport(raised) ?? raised);
    const requestId = res.locals.context?.requestId ?? '';
    const problem = toProblem(error, requestId, req.originalUrl);
    if (problem.status >= 500) {
      const cause = error instanceof Error ? error : new Error(String(error));
      log({ severity: 'ERROR', message: cause.message, stack: cause.stack, requestId, code: problem.code });
    }
    if (problem.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="commands", error="invalid_token"');
    const retryAfter = error instanceof AppError ? error.details.retryAfterSeconds : undefined;
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  };
}
