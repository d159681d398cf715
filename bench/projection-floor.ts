/**
 * The least an exactly-once projection of events can cost in Firestore, written by hand: for a
 * page of events and N read models, one transaction that reads the N read-model documents and
 * one checkpoint document and writes them back, with each event's position. No query finds the
 * events (they are handed over), no lease, no log head: what any design that keeps its read
 * models and their checkpoint in one atomic write must at least do.
 */
import { randomUUID } from 'node:crypto';
import type { Firestore } from 'firebase-admin/firestore';

export async function projectionFloor(db: Firestore, readModels: number, events: number) {
  const root = db.collection('floor').doc(randomUUID());
  const eventRefs = Array.from({ length: events }, (_, i) => root.collection('events').doc(`e${i}`));
  for (let i = 0; i < events; i += 400) {
    const batch = db.batch();
    for (const ref of eventRefs.slice(i, i + 400)) batch.create(ref, { position: null, data: { by: 1 } });
    await batch.commit();
  }
  const checkpoint = root.collection('system').doc('checkpoint');
  const models = Array.from({ length: readModels }, (_, i) => root.collection(`Model${i}`).doc('all'));
  return () =>
    db.runTransaction(async (tx) => {
      const [mark, ...docs] = await tx.getAll(checkpoint, ...models);
      const position = (mark!.get('position') as number | undefined) ?? 0;
      docs.forEach((doc, i) => tx.set(models[i]!, { count: ((doc.get('count') as number | undefined) ?? 0) + events }));
      eventRefs.forEach((ref, i) => tx.update(ref, { position: position + i + 1 }));
      tx.set(checkpoint, { position: position + events });
    });
}
