import {
  startEmulatorSuite,
  type EmulatorSuite,
  type EmulatorSuiteConfig,
  type EmulatorSuiteOptions,
} from '@firebase-event-store/testing/emulator';
import { localHosting, type FirebaseConfig } from '../web/local-hosting.js';

const ROOT = new URL('../', import.meta.url).pathname;

/**
 * The testing kit's Emulator Suite on this repository's deployment (firebase.json at the root,
 * the built functions in it), with this repository's firebase-tools and Java (scripts/lib), the
 * page's CSP allowing this run's emulators. The benchmarks measure what runs there through HTTP
 * and Firestore only: they import none of its code.
 */
export const startSuite = (options: Omit<EmulatorSuiteOptions, 'projectDir'> = {}): Promise<EmulatorSuite> =>
  startEmulatorSuite({
    projectDir: ROOT,
    prelude: `source ${ROOT}scripts/lib/node.sh && source ${ROOT}scripts/lib/emulator-env.sh`,
    configure: (config: EmulatorSuiteConfig) => localHosting(config as unknown as FirebaseConfig),
    ...options,
  });
