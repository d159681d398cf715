/**
 * The service worker's cache of the chunks loaded after the first page (vite.config.ts): the
 * worker keeps each one its page loads, and a chunk loaded before the worker controlled the
 * page adds itself (session.ts), so that the next load finds it offline.
 */
export const LAZY_CHUNKS = 'lazy-chunks';
