import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createAggregateRegistry,
  createCommandHandler,
  createSnapshotCache,
  createStreamReader,
  encryptPersonalData,
  forgetSubject,
  FORGOTTEN,
  keyIdOf,
  type Actor,
  type CommittedEvent,
  type EventStore,
  type PersonalDataStore,
  type ReaderStore,
} from '@firebase-event-store/kernel';
import { testActor } from '../actors.js';
import { Note, NoteIndex } from '../fixtures/notes.js';
import type { ReaderHarness } from './stream-reader.contract.js';

export interface ForgettingHarness extends Omit<ReaderHarness, 'store'> {
  readonly store: () => EventStore & ReaderStore & PersonalDataStore;
  /** Where in the tenant's stored documents (every collection) `text` appears: their paths. */
  readonly scan: (tenant: string, text: string) => Promise<string[]>;
  /** Deletes a subject's key behind the store's back, as a lost backup would. */
  readonly dropKey: (tenant: string, keyId: string) => Promise<void>;
}

async function all<T>(items: AsyncIterable<T>) {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const ADA = 'Ada Lovelace';
const BOB = 'Bob Babbage';
const registry = createAggregateRegistry([Note]);

/**
 * Crypto-shredding on any store: personal fields are sealed at rest, every read path opens
 * them, and forgetting a subject leaves nothing of their plain data in any document of the
 * tenant, while the events, their versions and positions, and the readers' positions stay.
 */
export function forgettingContract(harness: ForgettingHarness) {
  const setup = () => {
    const raw = harness.store();
    const tenant = harness.tenant();
    const store = encryptPersonalData(raw, { keys: raw, aggregates: [Note] });
    const ada = testActor({ id: 'ada-uid', tenant, name: 'A. L.' });
    const bob = testActor({ id: 'bob-uid', tenant, name: 'B. B.' });
    const operator = testActor({ id: 'operator', tenant, roles: ['admin'] });
    const handler = createCommandHandler({ store, registry, newId: randomUUID, cache: createSnapshotCache() });
    const reader = createStreamReader({ store, handlers: [NoteIndex], newId: randomUUID });
    const forget = (subject: string) =>
      forgetSubject(
        { store, keys: raw, registry, handlers: [NoteIndex], reader, settle: async () => {} },
        operator,
        subject,
      );
    const write = (actor: Actor, id: string, authorName: string, idempotencyKey?: string) =>
      handler.command(
        actor,
        'WriteNote',
        { aggregateId: id, authorName, text: `by ${id}` },
        idempotencyKey ? { idempotency: { key: idempotencyKey, fingerprint: id } } : {},
      );
    return { raw, store, tenant, ada, bob, handler, reader, forget, write };
  };

  describe(`Forgetting contract: ${harness.name}`, () => {
    it('stores personal fields sealed, and every read path opens them', async () => {
      const { raw, store, tenant, ada, handler, reader, write } = setup();
      const written = await write(ada, 'n1', ADA, 'key-1');
      expect(written.events[0]!.data).toMatchObject({ authorName: ADA }); // the caller sees what it wrote
      const [stored] = await all(raw.readStream({ tenant, type: 'Note', id: 'n1' }));
      expect(stored!.data).toMatchObject({ authorId: 'ada-uid', authorName: { sealedWith: keyIdOf('ada-uid') } });
      expect(JSON.stringify(stored)).not.toContain(ADA);
      const [opened] = await all(store.readStream({ tenant, type: 'Note', id: 'n1' }));
      expect(opened!.data).toEqual({ authorId: 'ada-uid', authorName: ADA, text: 'by n1' });
      await expect(handler.load(ada, 'Note', 'n1', 1)).resolves.toMatchObject({ state: { authorName: ADA } });
      await reader.poll(tenant);
      expect(await harness.readDocument(tenant, 'NoteIndex', 'n1')).toEqual({ authorName: ADA, text: 'by n1' });
      // Plain only where the state is derived (the snapshot clients read, the read model, the
      // retry answer), never in the ledger.
      const where = await harness.scan(tenant, ADA);
      expect(where.some((path) => path.includes('/events/'))).toBe(false);
      expect(where.length).toBeGreaterThan(0);
    });

    it('forgetting leaves no plain value in any document, and the events, versions and positions as they were', async () => {
      const { raw, store, tenant, ada, bob, handler, reader, forget, write } = setup();
      await write(ada, 'n1', ADA, 'key-1');
      await write(ada, 'n2', ADA);
      await handler.command(ada, 'EditNote', { aggregateId: 'n2', text: 'edited' });
      await write(bob, 'n3', BOB);
      await reader.poll(tenant);
      const logBefore = await raw.readLog(tenant, { after: 0, limit: 100 });
      const readerBefore = (await raw.readLogState(tenant)).projections.NoteIndex!;

      const report = await forget('ada-uid');

      expect(report).toMatchObject({
        subject: 'ada-uid',
        alreadyForgotten: false,
        idempotencyRecords: 1,
        readModels: ['NoteIndex'],
        auditVersion: 1,
      });
      expect(report.snapshots.map(({ id, version }) => [id, version]).sort()).toEqual([
        ['n1', 1],
        ['n2', 2],
      ]);
      expect(await harness.scan(tenant, ADA)).toEqual([]);
      // The ledger: the same events, in the same places, with the same metadata; only the
      // sealed field no longer opens.
      const logAfter = await raw.readLog(tenant, { after: 0, limit: 100 });
      const shape = (events: CommittedEvent[]) =>
        events
          .filter(({ type }) => type === 'Note')
          .map(({ id, version, position, name, meta, eventVersion }) => ({
            id,
            version,
            position,
            name,
            meta,
            eventVersion,
          }));
      expect(shape(logAfter)).toEqual(shape(logBefore));
      expect(logAfter.map(({ data }) => data).slice(0, logBefore.length)).toEqual(logBefore.map(({ data }) => data));
      expect(readerBefore.position).toBeGreaterThan(0);
      expect((await raw.readLogState(tenant)).projections.NoteIndex).toMatchObject({
        position: readerBefore.position, // the rebuild replays to the same head; the audit event is past it
        rebuild: null,
      });
      // Every read path shows the marker; Bob's name is untouched.
      const [n1] = await all(store.readStream({ tenant, type: 'Note', id: 'n1' }));
      expect(n1!.data).toEqual({ authorId: 'ada-uid', authorName: FORGOTTEN, text: 'by n1' });
      await expect(handler.load(ada, 'Note', 'n2')).resolves.toEqual({
        version: 2,
        state: { authorId: 'ada-uid', authorName: FORGOTTEN, text: 'edited' },
      });
      expect(await harness.readDocument(tenant, 'NoteIndex', 'n1')).toEqual({ authorName: FORGOTTEN, text: 'by n1' });
      expect(await harness.readDocument(tenant, 'NoteIndex', 'n3')).toEqual({ authorName: BOB, text: 'by n3' });
      const retried = await write(ada, 'n1', ADA, 'key-1'); // the same request, retried: its recorded answer
      expect(retried).toMatchObject({ replayed: true, state: { authorName: FORGOTTEN } });
      expect(retried.events[0]!.data).toMatchObject({ authorName: FORGOTTEN });
      // The audit event says what was rebuilt.
      const [audit] = await all(store.readStream({ tenant, type: 'DataSubject', id: report.keyId }));
      expect(audit).toMatchObject({ name: 'SubjectForgotten', data: { subject: 'ada-uid', idempotencyRecords: 1 } });
      expect(audit!.meta.actor.id).toBe('operator');
      // Again: nothing new to forget, the same rebuilds, a second audit event.
      await expect(forget('ada-uid')).resolves.toMatchObject({ alreadyForgotten: true, auditVersion: 2 });
      expect(await harness.scan(tenant, ADA)).toEqual([]);
    });

    it('a process that cached the aggregate writes no plain state back after forgetting', async () => {
      const { tenant, ada, handler, forget, write } = setup();
      await write(ada, 'n1', ADA);
      await forget('ada-uid');
      // The same handler, with its snapshot cache, edits the note after the forgetting.
      await expect(handler.command(ada, 'EditNote', { aggregateId: 'n1', text: 'later' })).resolves.toMatchObject({
        version: 2,
        state: { authorName: FORGOTTEN, text: 'later' },
      });
      expect(await harness.scan(tenant, ADA)).toEqual([]);
    });

    it('refuses new personal data of a forgotten subject (409), writing nothing', async () => {
      const { raw, tenant, ada, forget, write } = setup();
      await forget('ada-uid');
      await expect(write(ada, 'n9', ADA)).rejects.toMatchObject({
        code: 'PRECONDITION',
        details: { rule: 'subject-forgotten' },
      });
      expect(await raw.streamVersion({ tenant, type: 'Note', id: 'n9' })).toBe(0);
      expect(await raw.loadSnapshot({ tenant, type: 'Note', id: 'n9' })).toBeUndefined();
      expect(await harness.scan(tenant, ADA)).toEqual([]);
    });

    it('a key lost without forgetting is an error naming the event, never a redaction', async () => {
      const { store, tenant, ada, handler, reader, write } = setup();
      await write(ada, 'n1', ADA);
      await harness.dropKey(tenant, keyIdOf('ada-uid'));
      await expect(handler.load(ada, 'Note', 'n1')).rejects.toMatchObject({
        code: 'INTERNAL',
        message: expect.stringContaining('Note~n1~0000000001'),
      });
      await expect(all(store.readStream({ tenant, type: 'Note', id: 'n1' }))).rejects.toThrow(/missing/);
      const [run] = await reader.poll(tenant);
      expect(run).toMatchObject({ status: 'error', to: 0 });
    });

    it('a sealed value moved to another event does not open', async () => {
      const { raw, store, tenant, ada, write } = setup();
      await write(ada, 'n1', ADA);
      await write(ada, 'n2', 'Someone Else');
      const [n1] = await all(raw.readStream({ tenant, type: 'Note', id: 'n1' }));
      const [n2] = await all(raw.readStream({ tenant, type: 'Note', id: 'n2' }));
      // A reader of the stored data that swaps the ciphertexts (what a tampered copy would hold).
      const swapped = {
        ...n2!,
        data: { ...(n2!.data as object), authorName: (n1!.data as { authorName: unknown }).authorName },
      };
      const tampered = encryptPersonalData<EventStore>(
        { ...raw, readLog: async () => [swapped] },
        { keys: raw, aggregates: [Note] },
      );
      await expect(tampered.readLog(tenant, { after: 0, limit: 1 })).rejects.toThrow(/authenticate/);
      const [untouched] = await store
        .readLog(tenant, { after: 0, limit: 1 })
        .then(async (log) =>
          log.length > 0 ? log : (await store.sequence(tenant), store.readLog(tenant, { after: 0, limit: 1 })),
        );
      expect(untouched!.data).toMatchObject({ authorName: ADA });
    });
  });
}
