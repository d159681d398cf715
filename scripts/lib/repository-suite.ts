import {
  startEmulatorSuite as startSuite,
  type EmulatorSuite as KitSuite,
  type FirebaseJson,
} from '@firebase-event-store/testing/emulator';
import { localHosting, type FirebaseConfig } from '../../web/local-hosting.js';

/** The kit's suite, with the four emulators this repository always runs. */
export type EmulatorSuite = KitSuite & { readonly [name in 'auth' | 'firestore' | 'functions' | 'hosting']: string };

const ROOT = new URL('../../', import.meta.url).pathname;
/** firebase-tools is installed apart from the workspace (scripts/install.sh says why). */
const FIREBASE_TOOLS = `${ROOT}scripts/firebase-tools/node_modules/firebase-tools`;

const answers = async (url: string) => {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
};

/**
 * This repository's Emulator Suite (auth, firestore, functions, hosting) on free loopback ports,
 * through the testing kit's harness: the emulators run the built functions in place
 * (functions/lib and the workspace's packages), not the isolated deploy artefact, as
 * scripts/lib/suite.sh does for npm start; the page may reach the run's emulators (its CSP
 * allows Google's endpoints only). Ready once the API answers, directly and through Hosting.
 */
export function startEmulatorSuite(
  options: {
    project?: string;
    importDir?: string;
    /** Every line firebase-tools prints is appended here too. */ logFile?: string;
    /** The Firebase project folder (firebase.json, functions/); default: this repository. */
    projectDir?: string;
    /** The folder Hosting serves in place of firebase.json's, relative to the project folder (bench/browser.bench.ts serves two builds). */
    hostingPublic?: string;
    /**
     * An OTLP/HTTP trace collector on loopback (`http://127.0.0.1:<port>`): the functions export
     * their spans to it, and the page may reach it (a PWA built with VITE_OTEL_COLLECTOR_URL).
     */
    collector?: string;
  } = {},
): Promise<EmulatorSuite> {
  return startSuite({
    projectDir: options.projectDir ?? ROOT,
    firebaseTools: FIREBASE_TOOLS,
    only: ['auth', 'firestore', 'functions', 'hosting'],
    freePorts: true,
    ...(options.project && { project: options.project }),
    ...(options.importDir && { importDir: options.importDir }),
    ...(options.logFile && { logFile: options.logFile }),
    ...(options.collector && { env: { OTEL_EXPORTER_OTLP_ENDPOINT: options.collector } }),
    config: (config) => {
      const functions = (config.functions as Record<string, unknown>[]).map(
        ({ predeploy: _predeploy, ...codebase }) => ({
          ...codebase,
          source: 'functions',
        }),
      );
      const hosting = options.hostingPublic
        ? { ...(config.hosting as object), public: options.hostingPublic }
        : config.hosting;
      return localHosting({ ...config, functions, hosting } as FirebaseConfig, {
        ...(options.collector && { collector: options.collector }),
      }) as FirebaseJson;
    },
    ready: async ({ api, site }) => (await answers(`${api}/healthz`)) && (await answers(`${site}/api/healthz`)),
  }) as Promise<EmulatorSuite>;
}
