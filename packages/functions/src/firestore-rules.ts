import type { Catalog } from '@firebase-event-store/kernel';

/**
 * The security rules a catalog implies, as `firestore.rules` holds them: clients read, the
 * command API writes. A signed-in user whose token's `tenant` claim is `{tenant}`, who by
 * default did not sign in anonymously and has no unverified email (`catalog.clientReads`), may
 * get the tenant's document and read the catalog's readable collections of that tenant (aggregates'
 * snapshots, projections' read models); nothing else is readable (events, reader positions,
 * idempotency records, unique-value claims, dead letters, the log head) and no client writes anything, whatever its
 * claims. The build writes the file from the catalog, and a test compares the two, so the list
 * can never drift from the code.
 */
export function renderFirestoreRules(catalog: Pick<Catalog, 'readableCollections' | 'clientReads'>): string {
  const collections = catalog.readableCollections.map((name) => `'${name}'`).join(', ');
  const { allowAnonymous, allowUnverifiedEmail } = catalog.clientReads;
  const who = [
    ...(allowAnonymous ? [] : ["\n        && request.auth.token.firebase.sign_in_provider != 'anonymous'"]),
    ...(allowUnverifiedEmail
      ? []
      : [
          "\n        && (request.auth.token.get('email', null) == null || request.auth.token.get('email_verified', false) == true)",
        ]),
  ].join('');
  const whoComment = [
    allowAnonymous ? '// anonymous users read too;' : '// anonymous users read nothing;',
    allowUnverifiedEmail
      ? '// so do users whose email is not verified.'
      : '// nor do users whose email is not verified (users without one, such as phone sign-ins, do).',
  ].join('\n    ');
  return `rules_version = '2';

// Generated from the catalog by \`firebase-event-store rules\` (the functions' build): do not edit.
// Clients read, the command API writes. The server's Admin SDK is not subject to these rules;
// every client write is denied, whatever the user's claims (there is no allow write below).
// What is not matched is denied: events, reader positions and leases, idempotency records,
// unique-value claims, dead letters and the log head are never readable by clients.
service cloud.firestore {
  match /databases/{database}/documents {

    // The tenant comes from the verified token's custom claim. Of its members (catalog.clientReads),
    ${whoComment}
    function isMemberOf(tenant) {
      return request.auth != null
        && request.auth.token.tenant is string
        && request.auth.token.tenant == tenant${who};
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
