/**
 * @firebase-event-store/testing: given/when/then specifications for aggregates and
 * projections, the store and reader conformance suites (vitest) with fixtures of their own,
 * and ID tokens signed with a local key set. The Firestore emulator: `./emulator`.
 */

// Specifications: given events, when a command (or a timer), then events, commands or an error
export { aggregateSpec } from './aggregate-spec.js';
export { type GivenEvent, projectionSpec } from './projection-spec.js';
export { reactionSpec } from './reaction-spec.js';
export { workflowSpec } from './workflow-spec.js';

// Actors, ids and a command handler as the API composes it
export { actorOf, testActor } from './actors.js';
export { cachedHandler } from './cached-handler.js';
export { uniqueTenant } from './ids.js';

// ID tokens signed with a local key set, at a fixed time
export { createTokenFactory, now, PROJECT, S, T, type TokenFactory, validClaims } from './tokens.js';

// The conformance suites a store adapter runs
export { commandInterleavingsSuite } from './contract/command-interleavings.contract.js';
export { consistencyContract } from './contract/consistency.contract.js';
export { interleavingsProperty } from './contract/interleavings-property.contract.js';
export { eventStoreContract, type StoreHarness } from './contract/event-store.contract.js';
export { type ForgettingHarness, forgettingContract } from './contract/forgetting.contract.js';
export { type ReaderHarness, streamReaderContract } from './contract/stream-reader.contract.js';
export { upcastingContract } from './contract/upcasting.contract.js';
export { workflowContract } from './contract/workflow.contract.js';

// The suites' fixtures: aggregates, projections and a workflow
export { Counter } from './fixtures/counter.js';
export { ListingFollowUp } from './fixtures/listing-follow-up.js';
export { Meter } from './fixtures/meter.js';
export { Note, NoteIndex } from './fixtures/notes.js';
export { Order } from './fixtures/order.js';
export { Product } from './fixtures/product.js';
export { ProfileCards, ProfileV1, ProfileV3 } from './fixtures/profile.js';
export { Ledger, mailer, poisonable, Totals } from './fixtures/reader-fixtures.js';
