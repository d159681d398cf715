/**
 * @firebase-event-store/kernel/adapter: what a store adapter shares with the in-memory one,
 * beyond the ports: event ids, the committed events a commit reports, and the staged
 * projection view whose writes a reader commits with its position.
 */

// Committed events and their ids
export { committedEvents } from './adapter/committed-events.js';
export { eventId, parseEventId, streamPrefix } from './adapter/event-id.js';

// The staged projection view
export { type StagedWrite, stagedView } from './reader/staged-view.js';
