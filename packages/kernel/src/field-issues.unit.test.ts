import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toFieldIssues } from './field-issues.js';

describe('toFieldIssues (unit)', () => {
  it('points at each failing field with an RFC 6901 pointer', () => {
    const schema = z.strictObject({ items: z.array(z.strictObject({ 'a/b~c': z.int() })) });
    const result = schema.safeParse({ items: [{ 'a/b~c': 1 }, { 'a/b~c': 'x' }], extra: 1 });
    expect(result.success).toBe(false);
    const pointers = toFieldIssues(result.error!).map((issue) => issue.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/items/1/a~1b~0c', '/extra']));
  });

  it('prefixes pointers when the payload sits inside a larger document', () => {
    const result = z.object({ n: z.int() }).safeParse({ n: 'x' });
    expect(toFieldIssues(result.error!, ['payload'])[0]!.pointer).toBe('/payload/n');
  });
});
