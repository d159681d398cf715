import { readFileSync } from 'node:fs';
import { DEFAULT_ENV } from '@firebase-event-store/functions';
import { describe, expect, it } from 'vitest';

describe('functions/.env (unit)', () => {
  it('holds exactly the defaults the functions package declares, for every param', () => {
    expect(readFileSync(new URL('../../.env', import.meta.url), 'utf8')).toBe(DEFAULT_ENV);
  });
});
