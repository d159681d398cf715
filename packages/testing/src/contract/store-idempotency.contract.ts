import { describe, expect, it } from 'vitest';
import { isAppError } from '@firebase-event-store/kernel';
import { actorOf } from '../actors.js';
import { settle, storeCaseTools, type StoreHarness } from './event-store-support.contract.js';

/**
 * Idempotency keys: a retry answered by its first commit, another request under the same key
 * refused, keys per user and tenant, 50 concurrent requests committed once.
 */
export function storeIdempotencyCases(harness: StoreHarness) {
  const { setup } = storeCaseTools(harness);
  describe('idempotency', () => {
    const key = (fingerprint = 'body-1') => ({ idempotency: { key: 'key-1', fingerprint } });

    it('answers a retry with the original result and commits nothing again', async () => {
      const { handler, actor, store, tenant } = setup();
      const first = await handler.command(actor, 'Increment', { aggregateId: 'i1', by: 2 }, key());
      const again = await handler.command(actor, 'Increment', { aggregateId: 'i1', by: 2 }, key());
      expect(first.replayed).toBeUndefined();
      expect(again).toEqual({ ...first, replayed: true });
      expect(await store.streamVersion({ tenant, type: 'Counter', id: 'i1' })).toBe(1);
    });

    it('refuses the same key with another request, and writes nothing', async () => {
      const { handler, actor, store, tenant } = setup();
      await handler.command(actor, 'Increment', { aggregateId: 'i2', by: 2 }, key('body-1'));
      await expect(handler.command(actor, 'Increment', { aggregateId: 'i2', by: 3 }, key('body-2'))).rejects.toSatisfy(
        (e) => isAppError(e, 'IDEMPOTENCY_MISMATCH'),
      );
      expect(await store.streamVersion({ tenant, type: 'Counter', id: 'i2' })).toBe(1);
    });

    it('treats the same key from another user or tenant as another key', async () => {
      const { handler, actor, store, tenant } = setup();
      const colleague = { ...actor, id: 'user-2' };
      const stranger = actorOf(harness.tenant());
      await handler.command(actor, 'Increment', { aggregateId: 'i3', by: 1 }, key());
      const second = await handler.command(colleague, 'Increment', { aggregateId: 'i3', by: 1 }, key());
      const third = await handler.command(stranger, 'Increment', { aggregateId: 'i3', by: 1 }, key());
      expect([second.replayed, second.version, third.replayed, third.version]).toEqual([undefined, 2, undefined, 1]);
      expect(await store.streamVersion({ tenant, type: 'Counter', id: 'i3' })).toBe(2);
    });

    it('gives the original success to a retry with its old expected version, not a mismatch', async () => {
      const { handler, actor } = setup();
      const first = await handler.command(actor, 'Increment', { aggregateId: 'i4', by: 1, expectedVersion: 0 }, key());
      await handler.command(actor, 'Increment', { aggregateId: 'i4', by: 1 }); // the aggregate moves on
      const retry = await handler.command(actor, 'Increment', { aggregateId: 'i4', by: 1, expectedVersion: 0 }, key());
      expect(retry).toEqual({ ...first, replayed: true });
    });

    it('commits once for 50 concurrent requests with the same key, even without an aggregate id', async () => {
      const { handler, actor, store, tenant } = setup();
      const results = await settle(
        Array.from({ length: 50 }, () => handler.command(actor, 'Increment', { by: 7 }, key())),
      );
      const answers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      expect(answers).toHaveLength(50);
      const original = answers.find((answer) => !answer.replayed)!;
      expect(answers.filter((answer) => !answer.replayed)).toHaveLength(1);
      for (const answer of answers) expect({ ...answer, replayed: true }).toEqual({ ...original, replayed: true });
      expect(await store.streamVersion({ tenant, type: 'Counter', id: original.aggregateId })).toBe(1);
      await store.sequence(tenant);
      expect(await store.readLog(tenant, { after: 0, limit: 100 })).toHaveLength(1);
    });
  });
}
