import { describe, expect, it } from 'vitest';
import { Counter, Meter, ProfileCards, ProfileV3 } from '@firebase-event-store/testing';
import { defineCatalog } from './catalog.js';

describe('defineCatalog', () => {
  it('lists the readable collections: snapshots and read models; client reads closed unless opened', () => {
    const catalog = defineCatalog({ aggregates: [Counter, ProfileV3], handlers: [ProfileCards] });
    expect(catalog.readableCollections).toEqual(['Counter', 'Profile', 'ProfileCards']);
    expect(catalog.clientReads).toEqual({ allowAnonymous: false, allowUnverifiedEmail: false });
    expect(catalog.subjectKeys).toEqual({});
    expect(Object.isFrozen(catalog)).toBe(true);
  });

  it('refuses a name given twice: an aggregate type, or a handler', () => {
    expect(() => defineCatalog({ aggregates: [Counter, Meter, Counter] })).toThrow('The catalog names Counter twice');
    expect(() => defineCatalog({ aggregates: [ProfileV3], handlers: [ProfileCards, ProfileCards] })).toThrow(
      'The catalog names ProfileCards twice',
    );
  });
});
