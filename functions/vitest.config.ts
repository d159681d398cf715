import { defineConfig } from 'vitest/config';

const env = { METADATA_SERVER_DETECTION: 'none' }; // firebase-admin must never probe a cloud metadata server

export default defineConfig({
  test: {
    env,
    projects: [
      {
        test: {
          name: 'unit',
          env,
          include: ['src/**/*.unit.test.ts', 'test/**/*.unit.test.ts'],
          // Generous: a test's own logic decides pass or fail, never the speed of a loaded machine.
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'emulator',
          env,
          include: ['test/**/*.emulator.test.ts', 'test/**/*.rules.test.ts'],
          globalSetup: ['test/support/firestore-emulator.global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          // What `firebase deploy` does locally, on the built functions (lib/).
          name: 'deploy',
          env,
          include: ['test/**/*.deploy.test.ts'],
          testTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          env,
          include: ['test/**/*.e2e.test.ts'],
          globalSetup: ['test/support/emulator-suite.global-setup.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
