import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAggregate } from '../aggregate.js';
import { createInMemoryEventStore } from '../in-memory/in-memory-event-store.js';
import { encryptPersonalData } from './encrypt-personal-data.js';

/** Testimonials whose subject comes from the payload: the one rule for ids applies to it too. */
const Testimonial = defineAggregate({
  type: 'Testimonial',
  state: z.object({}),
  init: () => ({}),
  events: { Given: z.object({ personId: z.string(), quote: z.string() }) },
  personal: { Given: { subject: 'personId', fields: ['quote'] } },
  commands: {},
  evolve: { Given: (state) => state },
});

describe('encryptPersonalData (unit)', () => {
  it.each(['ada\u202Eevil', 'ada\u200B', 'ada lovelace', 'rene\u0301'])(
    'a data subject %j that is not an id is refused (400), and nothing is written',
    async (personId) => {
      const raw = createInMemoryEventStore();
      const store = encryptPersonalData(raw, { keys: raw, aggregates: [Testimonial] });
      const stream = { tenant: 't1', type: 'Testimonial', id: 'q1' };
      const commit = store.commit({
        stream,
        expectedVersion: 0,
        events: [{ name: 'Given', data: { personId, quote: 'Brilliant' }, eventVersion: 1 }],
        snapshot: { state: {}, schema: 1 },
        meta: { actor: { id: 'u1', name: '' }, command: 'Give', correlationId: 'c1', causationId: null },
      });
      await expect(commit).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(await raw.streamVersion(stream)).toBe(0);
    },
  );
});
