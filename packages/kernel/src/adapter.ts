/**
 * @firebase-event-store/kernel/adapter: what a store adapter shares with the in-memory one,
 * beyond the ports: event ids, the committed events a commit reports, and the staged
 * projection view whose writes a reader commits with its position.
 */
export * from './adapter/committed-events.js';
export * from './adapter/event-id.js';
export * from './reader/staged-view.js';
