/**
 * @firebase-event-store/kernel: aggregates, the command handler, the ordered stream reader,
 * the ports a store implements, and the in-memory store. No Firebase, no web framework.
 */
export * from './actor.js';
export * from './user-id.js';
export * from './display-text.js';
export * from './err.js';
export * from './aggregate.js';
export * from './aggregate-registry.js';
export * from './catalog.js';
export * from './event-handler.js';
export * from './upcast.js';
export * from './field-issues.js';
export * from './tracer.js';
export * from './ports/event-store.js';
export * from './ports/reader-store.js';
export * from './ports/personal-data-store.js';
export * from './personal/personal-fields.js';
export * from './personal/encrypt-personal-data.js';
export * from './personal/forget-subject.js';
export * from './personal/data-subject.js';
export * from './personal/key-wrapper.js';
export * from './command/command-handler.js';
export * from './command/command-plan.js';
export * from './command/command-result.js';
export * from './command/decide.js';
export * from './command/replay.js';
export * from './command/snapshot-cache.js';
export * from './reader/stream-reader.js';
export * from './reader/poll-pending.js';
export * from './reader/wake-reader.js';
export * from './in-memory/in-memory-event-store.js';
