import { describe, expect, it } from 'vitest';
import { checkActor, parseActor } from './actor.js';

describe('actors are validated once', () => {
  it('parseActor validates, copies and freezes; checkActor then takes that actor as it is', () => {
    const input = { id: 'u1', name: 'Ada', tenant: 't1', roles: ['manager'] };
    const actor = parseActor(input);
    expect(actor).toEqual(input);
    expect(actor).not.toBe(input);
    expect(Object.isFrozen(actor) && Object.isFrozen(actor.roles)).toBe(true);
    expect(checkActor(actor)).toBe(actor);
  });

  it('any other actor is validated by checkActor: a bad tenant or an extra field is a 403', () => {
    expect(() => checkActor({ id: 'u1', name: '', tenant: 'a/b', roles: [] })).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    const extra = { id: 'u1', name: '', tenant: 't1', roles: [], admin: true };
    expect(() => checkActor(extra as never)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });
});
