import type { TestProject } from 'vitest/node';
import { startEmulatorSuite } from './emulator-suite.js';

/** Starts the Emulator Suite (auth, firestore, functions) on free ports for the end-to-end tier. */
export default async function setup(project: TestProject) {
  const suite = await startEmulatorSuite();
  console.log(`Emulator Suite ready in ${suite.startedInMs} ms (firebase-tools on Node.js ${process.versions.node})`);
  project.provide('suite', {
    project: suite.project,
    auth: suite.auth,
    firestore: suite.firestore,
    functions: suite.functions,
    api: suite.api,
    site: suite.site,
  });
  return () => suite.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    suite: { project: string; auth: string; firestore: string; functions: string; api: string; site: string };
  }
}
