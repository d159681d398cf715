import type { DocumentReference, Firestore } from 'firebase-admin/firestore';

/** Every document under `ref`, in every collection and subcollection. */
async function documentsUnder(ref: DocumentReference): Promise<{ path: string; data: unknown }[]> {
  const found = [];
  for (const collection of await ref.listCollections()) {
    for (const doc of await collection.listDocuments()) {
      const snapshot = await doc.get();
      if (snapshot.exists) found.push({ path: doc.path, data: snapshot.data() });
      found.push(...(await documentsUnder(doc)));
    }
  }
  return found;
}

/** The paths of the tenant's stored documents, in every collection, whose data holds `text`. */
export async function documentsHolding(db: Firestore, tenant: string, text: string): Promise<string[]> {
  return (await documentsUnder(db.doc(`tenants/${tenant}`)))
    .filter(({ data }) => JSON.stringify(data).includes(text))
    .map(({ path }) => path);
}
