import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInMemoryEventStore, displayText } from '@firebase-event-store/kernel';
import { startHttpHarness } from '../support/http-harness.js';

/** Personal and free-text fields: display text (no control characters, a bound, NFC), over HTTP. */
type Harness = Awaited<ReturnType<typeof startHttpHarness>>;
let h: Harness;
beforeAll(async () => void (h = await startHttpHarness(createInMemoryEventStore())));
afterAll(() => h.close());

const claim = async (displayName: string, claims: Record<string, unknown> = {}) =>
  request(h.server)
    .post('/commands/ClaimCalculator')
    .auth(await h.tokens.idToken({ tenant: 't1', ...claims }), { type: 'bearer' })
    .send({ aggregateId: `claimed-${Math.random().toString(36).slice(2)}`, displayName });

describe('display text (unit)', () => {
  it.each([
    ['a NUL', 'Ada\u0000'],
    ['an escape sequence', 'Ada\u001b[31m'],
    ['a newline', 'Ada\nLovelace'],
    ['a right-to-left override', 'Ada\u202Eecalevol'],
    ['a bidirectional isolate', '\u2066Ada'],
    ['a line separator', 'Ada\u2028Lovelace'],
    ['a lone surrogate', 'Ada\uD800'],
    ['101 characters', 'a'.repeat(101)],
    ['only spaces', '   '],
  ])('the sample’s displayName with %s -> 400 naming the field, nothing written', async (_what, name) => {
    const before = await h.eventsIn('t1');
    const res = await claim(name);
    expect([res.status, res.body.errors]).toEqual([400, [expect.objectContaining({ pointer: '/displayName' })]]);
    expect(await h.eventsIn('t1')).toBe(before);
  });

  it('is stored trimmed and in NFC; letters, emoji sequences (with their joiners) and 100 characters pass', async () => {
    const decomposed = ' Rene\u0301 ';
    expect((await claim(decomposed)).body.state.owner.name).toBe('Ren\u00e9');
    const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467} Ελένη 山田';
    expect((await claim(family)).body.state.owner.name).toBe(family);
    expect((await claim('a'.repeat(100))).status).toBe(200);
  });

  it('the actor name events record is display text too: a profile name that is not is left out', async () => {
    const res = await claim('Ada', { name: 'Ada\u202Eevil', email: 'ada@example.com' });
    expect(res.body.events[0].meta.actor.name).toBe('ada@example.com');
    const plain = await claim('Ada', { name: ' Rene\u0301 ' });
    expect(plain.body.events[0].meta.actor.name).toBe('Ren\u00e9');
  });

  it('is a schema teams use: bounds of their own', () => {
    const title = displayText({ max: 5, min: 2 });
    expect(title.safeParse('abc').data).toBe('abc');
    expect(title.safeParse('a').success).toBe(false);
    expect(title.safeParse('abcdef').success).toBe(false);
    expect(title.safeParse('a\tb').success).toBe(false);
  });
});
