/**
 * The documentation's tables that the code already knows, rendered from it: the deployment's
 * params (their defaults and descriptions, as firebase deploy shows them) and the problem codes
 * with their HTTP statuses. A page holds each between marker comments; `npm run docs` rewrites
 * them, and a unit test fails when a page differs from what the code renders.
 */
import { type ProblemCode } from '@firebase-event-store/functions/http';
import { Expression } from 'firebase-functions/params';
import { PARAMS, STATUS_BY_CODE } from '@firebase-event-store/functions/internal';

/**
 * When each code is answered. Keyed by every code the API has, so a new code fails the
 * typecheck until it is explained here; its status comes from the API's own table.
 */
const WHEN: Readonly<Record<ProblemCode, string>> = {
  INVALID_ARGUMENT:
    'malformed JSON, not an object, unknown or wrong fields, `__proto__`/`constructor` keys, bad `If-Match` or `Idempotency-Key`',
  UNAUTHENTICATED:
    'missing, malformed, forged, expired or foreign ID token (with `WWW-Authenticate: Bearer realm="commands", error="invalid_token"`); a revoked session or a disabled user; a missing or invalid App Check token when it is required',
  FORBIDDEN:
    'a valid token without a valid `tenant` claim, or without a role the command needs; an invariant of kind `forbidden` (`rule` names it)',
  NOT_FOUND:
    'unknown route or command (a `Map` lookup: `constructor`, `__proto__`... are unknown), or an aggregate the command needs (`requires: existing`) does not exist',
  METHOD_NOT_ALLOWED:
    'any method but POST on a command route (with `Allow: POST`); a CORS preflight from an allowed origin gets 204',
  PRECONDITION:
    'a business rule said no (`rule` names it: an invariant, `aggregate-exists` for `requires: new`, `subject-forgotten`)',
  CONCURRENCY: 'without an expected version: still losing races after 25 attempts',
  VERSION_MISMATCH: 'the expected version (`If-Match`, `expectedVersion`) is not the aggregate’s',
  PAYLOAD_TOO_LARGE:
    'the body is over `MAX_BODY_BYTES` (checked on the raw bytes: Cloud Functions parses bodies before express)',
  UNSUPPORTED_MEDIA_TYPE: 'not `application/json`',
  IDEMPOTENCY_MISMATCH: 'an `Idempotency-Key` reused with another command or body',
  INTERNAL: 'a bug: the body says nothing more; the log has the message and stack with the request id',
  UNAVAILABLE: 'Firestore, Google’s token or App Check keys, or the Auth service unavailable (with `Retry-After`)',
};

/** A markdown table, its columns padded to their widest cell (as prettier lays tables out). */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(3, title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** The params: name, default, what (their own descriptions). */
export function configurationTable(): string {
  return markdownTable(
    ['Param', 'Default', 'What'],
    PARAMS.map((param) => {
      const { name, options } = param;
      // A secret (not an Expression) has no default; every other param's is a literal (no
      // expression of other params): a string, number or boolean.
      if (!(param instanceof Expression)) return [`\`${name}\``, 'none (a secret)', options.description ?? ''];
      const fallback = (options as { default?: unknown }).default as string | number | boolean | undefined;
      return [
        `\`${name}\``,
        fallback === undefined || fallback === '' ? 'empty' : `\`${fallback}\``,
        options.description ?? '',
      ];
    }),
  );
}

/** The problem codes, by status: status, code, when. */
export function errorCodeTable(): string {
  const codes = (Object.entries(STATUS_BY_CODE) as [ProblemCode, number][]).sort(([, a], [, b]) => a - b);
  return markdownTable(
    ['Status', '`code`', 'When'],
    codes.map(([code, status]) => [String(status), `\`${code}\``, WHEN[code]]),
  );
}

export const TABLES: Readonly<Record<string, () => string>> = {
  configuration: configurationTable,
  'error-codes': errorCodeTable,
};

/**
 * The page with each generated table replaced by what the code renders now. A table sits
 * between `<!-- generated: <name> (npm run docs) -->` and `<!-- end generated -->`.
 */
export function renderTables(markdown: string): string {
  return markdown.replace(
    /(<!-- generated: ([a-z-]+) \(npm run docs\) -->\n)[\s\S]*?(<!-- end generated -->)/g,
    (_whole, open: string, name: string, close: string) => {
      const render = TABLES[name];
      if (!render) throw new Error(`No generated table named ${name}`);
      return `${open}\n${render()}\n\n${close}`;
    },
  );
}
