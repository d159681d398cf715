import { describe, expect, it } from 'vitest';
import { Counter } from '@firebase-event-store/testing';
import { createInMemoryEventStore } from '../in-memory/in-memory-event-store.js';
import type { EventStore } from '../ports/event-store.js';
import { replay } from './replay.js';

const meta = { actor: { id: 'u', name: 'U' }, command: 'test', correlationId: 'c', causationId: null };
const stream = { tenant: 't1', type: 'Counter', id: 'c' };

describe('replay', () => {
  it('refuses a stream with a gap rather than fold past it (a store that lost an event)', async () => {
    const store = createInMemoryEventStore();
    const events = [1, 2, 3].map((by) => ({ name: 'Incremented', data: { by } }));
    await store.commit({ stream, expectedVersion: 0, events, snapshot: { state: {}, schema: 1 }, meta });
    const lossy: EventStore = {
      ...store,
      async *readStream(key, options) {
        for await (const event of store.readStream(key, options)) if (event.version !== 2) yield event;
      },
    };
    await expect(replay(lossy, Counter, stream)).rejects.toMatchObject({
      code: 'INTERNAL',
      message: 'Counter~c~0000000003 follows version 1',
    });
  });
});
