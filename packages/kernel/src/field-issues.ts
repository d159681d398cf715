import type { z } from 'zod';
import { Err, type FieldIssue } from './err.js';

/** RFC 6901 pointer for a zod issue path: ['items', 0, 'a/b'] -> '/items/0/a~1b'. */
const pointer = (path: readonly PropertyKey[]) =>
  path.map((key) => '/' + String(key).replaceAll('~', '~0').replaceAll('/', '~1')).join('');

/** Turns a zod error into field issues a client can show next to its inputs. */
export const toFieldIssues = (error: z.ZodError, prefix: readonly PropertyKey[] = []): FieldIssue[] =>
  error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    // An unknown key is reported at the key itself, so `/__proto__` says which one.
    const at = keys.length === 1 ? [...issue.path, keys[0]!] : issue.path;
    return { pointer: pointer([...prefix, ...at]), message: issue.message };
  });

/** The value as the schema parses it, or a 400 (`INVALID_ARGUMENT`) naming `what` and each issue. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw Err.invalidArgument(`Invalid ${what}`, toFieldIssues(result.error));
  return result.data;
}
