import {
  startEmulatorSuite as startKitSuite,
  type EmulatorSuite,
  type EmulatorSuiteConfig,
  type EmulatorSuiteOptions,
} from '@firebase-event-store/testing/emulator';
import { localHosting, type FirebaseConfig } from '../../../web/local-hosting.js';

export type { EmulatorSuite };

const ROOT = new URL('../../../', import.meta.url).pathname;

/**
 * The testing kit's Emulator Suite on this repository (its firebase.json and built functions by
 * default), with this repository's firebase-tools and Java (scripts/lib, as npm start's), the
 * page's CSP allowing this run's emulators. The functions must be built (functions/lib) before.
 */
export const startEmulatorSuite = (
  options: Omit<EmulatorSuiteOptions, 'projectDir'> & { projectDir?: string } = {},
): Promise<EmulatorSuite> =>
  startKitSuite({
    prelude: `source ${ROOT}scripts/lib/node.sh && source ${ROOT}scripts/lib/emulator-env.sh`,
    configure: (config: EmulatorSuiteConfig) => localHosting(config as unknown as FirebaseConfig),
    ...options,
    projectDir: options.projectDir ?? ROOT,
  });
