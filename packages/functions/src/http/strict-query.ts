import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import { Err } from '@firebase-event-store/kernel';
import { parseInput } from '@firebase-event-store/kernel/internal';

/**
 * A whole number as a query string should write it: decimal digits, no sign, no leading zero,
 * no exponent, no hex (`Number('0x2')` is 2, and `from=0x2` must not be read as `from=2`).
 */
const WHOLE_NUMBER = /^(0|[1-9][0-9]{0,15})$/;

/** The query of a route that takes none. */
export const NoQuery = z.strictObject({});

/**
 * The one query parser of every route: each key at most once (`?a=1&a=2` and `a[]=1` are not
 * guessed at), values that are whole numbers in their plain decimal form become numbers and all
 * others stay strings, and the route's strict schema refuses any key it does not know. Express's
 * own parser is off (`query parser: false`): it would make arrays and objects of such queries.
 */
export function queryOf<T>(req: Request, schema: z.ZodType<T>): T {
  const entries: [string, string | number][] = [];
  const seen = new Set<string>();
  for (const [key, value] of new URL(req.originalUrl, 'http://localhost').searchParams) {
    if (seen.has(key))
      throw Err.invalidArgument('Invalid query', [{ pointer: `/${key}`, message: 'given more than once' }]);
    seen.add(key);
    entries.push([key, WHOLE_NUMBER.test(value) ? Number(value) : value]);
  }
  // fromEntries defines each key as an own property: `?__proto__=1` is a key like any other.
  return parseInput(schema, Object.fromEntries(entries), 'query');
}

/** For routes without parameters: any query is refused (400). */
export const noQuery: RequestHandler = (req, _res, next) => {
  queryOf(req, NoQuery);
  next();
};
