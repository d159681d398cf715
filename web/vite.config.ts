import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { LAZY_CHUNKS } from './src/lazy-chunks.js';

/**
 * `npm run dev` serves the PWA with hot reload and passes `/api/**` and Hosting's reserved
 * `/__/**` URLs to the Hosting emulator of `npm start` (HOSTING_URL to use another), so the
 * app sees the same origin as when Hosting serves the build.
 */
const hosting = process.env.HOSTING_URL ?? 'http://127.0.0.1:5000';
/** The modules loaded with import() that only some users need, by file name. */
const LAZY = new Set(['session', 'operator-console', 'browser-tracing']);

export default defineConfig({
  server: { proxy: { '/api': hosting, '/__': hosting } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // What only some users need is a chunk of its own under assets/lazy/, loaded when needed: a
    // signed-in user's page with Firestore (session.ts), the operator console for admins. The
    // sign-in page downloads neither (bench/RESULTS.md, the browser group). The OpenTelemetry web
    // SDK is one more, in a build made with VITE_OTEL_COLLECTOR_URL only (src/tracing/tracing.ts).
    rollupOptions: {
      output: {
        chunkFileNames: (chunk) => (LAZY.has(chunk.name) ? 'assets/lazy/[name]-[hash].js' : 'assets/[name]-[hash].js'),
      },
    },
    // The session chunk is mostly the Firestore SDK (its IndexedDB cache included): 530 kB
    // minified, 158 kB gzipped, measured with vite build.
    chunkSizeWarningLimit: 600,
  },
  plugins: [
    VitePWA({
      // A new service worker activates at once (the app shell is all it caches; commands wait in
      // IndexedDB, not in the worker) and serves the next page load. It does not claim the pages
      // already open: measured in Chromium, a claim in mid-session stalls Firestore's listen
      // stream, and the page stops receiving snapshots.
      registerType: 'autoUpdate',
      injectRegister: false,
      manifest: {
        name: 'Event store calculator',
        short_name: 'Calculator',
        description: "A calculator whose every key press is an event in your tenant's ledger",
        start_url: '/',
        display: 'standalone',
        background_color: '#f4f6f8',
        theme_color: '#1d3557',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The app shell is precached (the manifest and its icons are added by the plugin itself);
        // the lazy chunks are not, or every first visit would download them: each is kept once
        // it has been loaded (session.ts puts itself in that cache, even before the worker
        // controls the page), so a signed-in user's page opens offline.
        globPatterns: ['**/*.{js,css,html,svg}'],
        globIgnores: ['assets/lazy/**'],
        runtimeCaching: [
          {
            urlPattern: ({ url }) => url.pathname.startsWith('/assets/lazy/'),
            handler: 'CacheFirst',
            options: { cacheName: LAZY_CHUNKS, expiration: { maxEntries: 20 } },
          },
        ],
        navigateFallback: 'index.html',
        // The API and Hosting's reserved URLs are never answered from the cache.
        navigateFallbackDenylist: [/^\/api\//, /^\/__\//],
        clientsClaim: false,
        skipWaiting: true,
      },
    }),
  ],
});
