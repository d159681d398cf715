import { mkdirSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startEmulatorSuite } from './emulator-suite.js';

/** Where the last run's Emulator Suite output is kept (git ignores it), for a test that failed to explain. */
const LOG_FILE = new URL('../../.e2e-logs/emulator-suite.log', import.meta.url).pathname;

/** Starts the Emulator Suite (auth, firestore, functions, hosting) on free ports for the end-to-end tier. */
export default async function setup(project: TestProject) {
  mkdirSync(new URL('../../.e2e-logs/', import.meta.url), { recursive: true });
  const suite = await startEmulatorSuite({ logFile: LOG_FILE });
  console.log(`Emulator Suite ready in ${suite.startedInMs} ms (firebase-tools on Node.js ${process.versions.node})`);
  project.provide('suite', {
    project: suite.project,
    auth: suite.auth,
    firestore: suite.firestore,
    functions: suite.functions,
    api: suite.api,
    site: suite.site,
    logFile: LOG_FILE,
  });
  return () => suite.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    suite: {
      project: string;
      auth: string;
      firestore: string;
      functions: string;
      api: string;
      site: string;
      /** The suite's output so far: every function execution is logged there. */
      logFile: string;
    };
  }
}
