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
    ],
  },
});
