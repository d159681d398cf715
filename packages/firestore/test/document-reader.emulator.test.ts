import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GeoPoint, Timestamp } from 'firebase-admin/firestore';
import { createDocumentReader } from '../src/document-reader.js';
import { createFirestoreEventStore } from '../src/firestore-event-store.js';
import { emulatorFirestore, TEST_PROJECT } from '@firebase-event-store/testing/emulator';

const db = emulatorFirestore();
const readDocument = createDocumentReader(db, { projectId: TEST_PROJECT });

/** Every kind of value an aggregate's plain-data state can hold, at the edges of each. */
const state = {
  nothing: null,
  yes: true,
  no: false,
  zero: 0,
  negative: -42,
  largestSafe: Number.MAX_SAFE_INTEGER,
  fraction: 0.1,
  negativeZero: -0,
  tiny: 5e-324,
  infinite: -Infinity,
  notANumber: NaN,
  text: 'ünïcödé ✓ "quoted" \\ / \n',
  empty: '',
  when: new Date('2026-11-28T12:34:56.789Z'),
  preciseTime: new Timestamp(1_700_000_000, 123_456_000), // Firestore keeps microseconds
  bytes: Buffer.from([0, 1, 2, 254, 255]),
  list: [1, 'two', null, { three: [3, { four: 4 }] }], // Firestore allows no array directly in an array
  emptyList: [],
  nested: { 'a.b': { 'c d': { e: [] } }, emptyMap: {} },
};

describe('document reader (BatchGetDocuments, sent directly) on the emulator', () => {
  it('reads back exactly what the SDK get() reads, for every kind of value a state can hold', async () => {
    const ref = db.doc(`reader-test/${randomUUID()}`);
    await ref.set({ version: 7, schema: 2, state, updatedAt: new Date() });

    const ours = (await readDocument(ref, ['version', 'schema', 'state']))!;
    const sdk = await ref.get();
    const { updatedAt, ...fields } = sdk.data()!;

    expect(updatedAt).toBeInstanceOf(Timestamp);
    expect(ours.data).toStrictEqual(fields);
    expect(ours.createTime).toStrictEqual(sdk.createTime);
    expect(Object.is((ours.data.state as typeof state).negativeZero, -0)).toBe(true);
    expect((ours.data.state as { preciseTime: Timestamp }).preciseTime.nanoseconds).toBe(123_456_000);
  });

  it('returns only the fields asked for', async () => {
    const ref = db.doc(`reader-test/${randomUUID()}`);
    await ref.set({ version: 1, schema: 1, state: { n: 1 }, updatedAt: new Date() });
    expect((await readDocument(ref, ['version']))?.data).toStrictEqual({ version: 1 });
  });

  it('answers undefined for a document that does not exist', async () => {
    expect(await readDocument(db.doc(`reader-test/${randomUUID()}`), ['version'])).toBeUndefined();
  });

  it('refuses values a state cannot hold instead of guessing at them', async () => {
    const ref = db.doc(`reader-test/${randomUUID()}`);
    await ref.set({ where: new GeoPoint(1, 2), link: db.doc('a/b') });
    await expect(readDocument(ref, ['where'])).rejects.toThrow(/geoPointValue is not a value this store writes/);
    await expect(readDocument(ref, ['link'])).rejects.toThrow(/referenceValue is not a value this store writes/);
  });

  it('reports an unreachable Firestore, after its retries, as UNAVAILABLE through the store', async () => {
    const unreachable = createFirestoreEventStore(db, { projectId: TEST_PROJECT, emulatorHost: '127.0.0.1:1' }); // nothing listens on port 1
    await expect(unreachable.loadSnapshot({ tenant: 't', type: 'Calculator', id: 'c' })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      cause: expect.objectContaining({ code: 14 }) as unknown,
    });
  });
});
