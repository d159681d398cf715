import { defineConfig } from 'vitest/config';
import { coverageFloors } from './coverage-floors.js';

const env = { METADATA_SERVER_DETECTION: 'none' }; // firebase-admin must never probe a cloud metadata server
/** Packages are read from their source (the "source" export condition): nothing needs building for a test. */
const conditions = ['source', 'module', 'node', 'development|production'];
const resolve = { conditions };
/**
 * Vitest hands ssr.resolve.conditions to Node.js as --conditions for every package it does not
 * transform: without "module", which Node.js does not know and which would send a CommonJS
 * require() of @opentelemetry/api to its ES build (whose imports have no file extension).
 */
const ssr = { resolve: { conditions: conditions.filter((c) => c !== 'module'), externalConditions: ['source'] } };
const tests = (kind: string) => [
  `packages/*/src/**/*.${kind}.test.ts`,
  `packages/*/test/**/*.${kind}.test.ts`,
  `functions/src/**/*.${kind}.test.ts`,
  `functions/test/**/*.${kind}.test.ts`,
];

/**
 * The tiers of the test command (scripts/test.sh), over every package and the reference
 * deployment in functions/: unit (no I/O beyond loopback), emulator (the installed Firestore
 * emulator), deploy (what firebase deploy does locally) and e2e (the Emulator Suite).
 */
export default defineConfig({
  resolve,
  ssr,
  test: {
    env,
    // The workspace's packages are always transformed from their source, never loaded from dist.
    server: { deps: { inline: [/@firebase-event-store\//] } },
    // Collected with --coverage (the test command's last step); the floors say why they are where they are.
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**/*.ts', 'functions/src/**/*.ts'],
      exclude: ['**/*.test.ts', '**/test/**', '**/fixtures/**', '**/dist/**', '**/template/**'],
      thresholds: coverageFloors,
    },
    // Each tier `extends` the settings above (resolve, ssr, env, server) and adds its own.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // The scaffold's template specs too: they run here on the sources, and in a scaffolded project.
          include: [
            ...tests('unit'),
            'packages/create-firebase-event-store/template/functions/test/*.test.ts',
            'web/test/**/*.unit.test.ts',
          ],
          // Generous: a test's own logic decides pass or fail, never the speed of a loaded machine.
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'emulator',
          include: [...tests('emulator'), 'functions/test/**/*.rules.test.ts'],
          globalSetup: ['packages/testing/src/emulator/firestore-emulator.global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          // What `firebase deploy` does locally, on the deploy artefact.
          name: 'deploy',
          include: [...tests('deploy'), 'web/test/**/*.deploy.test.ts'],
          testTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          // The PWA's browser tests too: Chromium against the same Emulator Suite's Hosting.
          include: [...tests('e2e'), 'web/test/**/*.e2e.test.ts'],
          globalSetup: ['functions/test/support/emulator-suite.global-setup.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
