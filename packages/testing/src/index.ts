/**
 * @firebase-event-store/testing: given/when/then specifications for aggregates and
 * projections, the store and reader conformance suites (vitest) with fixtures of their own,
 * and ID tokens signed with a local key set.
 */
export * from './aggregate-spec.js';
export * from './projection-spec.js';
export * from './actors.js';
export * from './cached-handler.js';
export * from './ids.js';
export * from './tokens.js';
export * from './fixtures/counter.js';
export * from './fixtures/meter.js';
export * from './fixtures/reader-fixtures.js';
export * from './contract/event-store.contract.js';
export * from './contract/stream-reader.contract.js';
export * from './contract/command-interleavings.contract.js';
export * from './contract/upcasting.contract.js';
export * from './contract/forgetting.contract.js';
export * from './contract/consistency.contract.js';
export * from './fixtures/notes.js';
export * from './fixtures/profile.js';
export * from './fixtures/product.js';
export * from './fixtures/order.js';
