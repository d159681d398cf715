import { describe, expect, it } from 'vitest';
import type { Snapshot } from '@firebase-event-store/kernel';
import { shownSnapshot } from './shown-snapshot.js';

describe('the snapshot `aggregate` prints (unit)', () => {
  it("holds the aggregate's version, schema, state (and personal), never the store's own revision", () => {
    const stored = { version: 2, schema: 1, state: { sum: 10 }, revision: 7 } as Snapshot;
    expect(shownSnapshot(stored)).toEqual({ version: 2, schema: 1, state: { sum: 10 } });
    expect(shownSnapshot({ ...stored, personal: true })).toEqual({
      version: 2,
      schema: 1,
      state: { sum: 10 },
      personal: true,
    });
  });

  it('no snapshot: null', () => {
    expect(shownSnapshot(undefined)).toBeNull();
  });
});
