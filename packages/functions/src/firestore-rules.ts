import type { Catalog } from '@firebase-event-store/kernel';

/**
 * The security rules a catalog implies, as `firestore.rules` holds them: clients read, the
 * command API writes. A signed-in user whose token's `tenant` claim is `{tenant}` may get the
 * tenant's document and read the catalog's readable collections of that tenant (aggregates'
 * snapshots, projections' read models); nothing else is readable (events, reader positions,
 * idempotency records, dead letters, the log head) and no client writes anything, whatever its
 * claims. The build writes the file from the catalog, and a test compares the two, so the list
 * can never drift from the code.
 */
export function renderFirestoreRules(catalog: Pick<Catalog, 'readableCollections'>): string {
  const collections = catalog.readableCollections.map((name) => `'${name}'`).join(', ');
  return `rules_version = '2';

// Generated from the catalog by \`firebase-event-store rules\` (the functions' build): do not edit.
// Clients read, the command API writes. The server's Admin SDK is not subject to these rules;
// every client write is denied, whatever the user's claims (there is no allow write below).
// What is not matched is denied: events, reader positions and leases, idempotency records,
// dead letters and the log head are never readable by clients.
service cloud.firestore {
  match /databases/{database}/documents {

    // The tenant comes from the verified token's custom claim.
    function isMemberOf(tenant) {
      return request.auth != null
        && request.auth.token.tenant is string
        && request.auth.token.tenant == tenant;
    }

    match /tenants/{tenant} {
      allow get: if isMemberOf(tenant);
    }

    // Aggregate snapshots and projection read models: the catalog's readable collections.
    match /tenants/{tenant}/{collection}/{id} {
      allow read: if isMemberOf(tenant)
        && collection in [${collections}];
    }
  }
}
`;
}
