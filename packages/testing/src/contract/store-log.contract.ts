import { expect, it } from 'vitest';
import type { CommittedEvent } from '@firebase-event-store/kernel';
import { all, storeCaseTools, type StoreHarness } from './event-store-support.contract.js';

/** The tenant's log: concurrent commits sequenced gapless, each event once, streams in version order. */
export function storeLogCases(harness: StoreHarness) {
  const { setup } = storeCaseTools(harness);
  it('sequences concurrent commits into a gapless log, each event once, streams in version order', async () => {
    const { store, tenant, handler, actor } = setup();
    const writers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; i < 15; i++) await handler.command(actor, 'Increment', { aggregateId: `w${w % 4}`, by: 1 });
    });
    const sequenced: CommittedEvent[] = [];
    const sequence = async (limit?: number) => {
      const events = await store.sequence(tenant, limit === undefined ? {} : { limit });
      sequenced.push(...events);
      return events;
    };
    const sequencers = (async () => {
      let done = false;
      void Promise.all(writers).then(() => (done = true));
      while (!done) await Promise.all([sequence(7), sequence(50)]);
    })();
    await Promise.all([...writers, sequencers]);
    while ((await sequence()).length > 0);

    const log: CommittedEvent[] = [];
    for (let page = await store.readLog(tenant, { after: 0, limit: 33 }); page.length > 0;) {
      log.push(...page);
      page = await store.readLog(tenant, { after: log.at(-1)!.position!, limit: 33 });
    }
    expect(log.map((e) => e.position)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(new Set(log.map((e) => e.id)).size).toBe(120);
    // Each call answered with the events it positioned, as the log holds them: each once.
    expect([...sequenced].sort((a, b) => a.position! - b.position!)).toEqual(log);
    for (const id of ['w0', 'w1', 'w2', 'w3']) {
      const versions = log.filter((e) => e.aggregateId === id).map((e) => e.version);
      expect(versions).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    }
    expect(await store.sequence(tenant)).toEqual([]); // nothing left to sequence
    const stream = await all(store.readStream({ tenant, type: 'Counter', id: 'w0' }));
    expect(stream.every((e) => e.position !== null)).toBe(true);
  });
}
