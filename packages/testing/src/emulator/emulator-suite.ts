import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { firestoreEmulatorBinary } from './firestore-emulator-jar.js';
import { freePort } from './free-port.js';
import { findJava, withJava } from './java-runtime.js';
import { killTree, stopTree } from './process-group.js';

/** firebase.json, as far as the harness reads and writes it. */
export interface FirebaseJson {
  /** Each emulator's `{ host, port }` (the Firestore emulator's `websocketPort` too), `singleProjectMode`... */
  emulators?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The emulators the harness runs, when `only` names none: those of firebase.json among these. */
const RUNNABLE = ['auth', 'firestore', 'functions', 'hosting', 'storage', 'database', 'pubsub'] as const;

export interface EmulatorSuiteOptions {
  /** The Firebase project folder (firebase.json, functions/). */
  readonly projectDir: string;
  /** A demo- project id; default: one of its own, so two suites never find each other's locator file. */
  readonly project?: string;
  /** The emulators to start; default: every one firebase.json configures. */
  readonly only?: readonly string[];
  /** Every emulator (and the hub and logging) on a free loopback port, not firebase.json's. */
  readonly freePorts?: boolean;
  /** A folder of exported emulator data to start with. */
  readonly importDir?: string;
  /** Changes to firebase.json for this run only, with its ports (it is written to a file of the run's own). */
  readonly config?: (config: FirebaseJson) => FirebaseJson;
  /** Functions whose triggers must be registered before the suite is ready (default: onEventCreated, when the Functions emulator runs). */
  readonly triggers?: readonly string[];
  /** More to wait for, once every emulator answers. */
  readonly ready?: (suite: EmulatorHosts) => Promise<boolean>;
  /** firebase-tools' package folder; default: the one the project folder resolves. */
  readonly firebaseTools?: string;
  /** Every line firebase-tools prints is appended here too. */
  readonly logFile?: string;
  /** Also printed to this process's stdout and stderr as it comes (a CLI's). */
  readonly inheritOutput?: boolean;
  /** More environment for firebase-tools, which hands it on to the functions (an OTLP endpoint...). */
  readonly env?: NodeJS.ProcessEnv;
  readonly region?: string;
  readonly timeoutMs?: number;
}

export interface EmulatorHosts {
  readonly project: string;
  /** `127.0.0.1:<port>` of each emulator that runs. */
  readonly auth?: string;
  readonly firestore?: string;
  readonly functions?: string;
  readonly hosting?: string;
  readonly hub: string;
  /** The `api` function's URL (the command API of @firebase-event-store/functions). */
  readonly api: string;
  /** The Hosting emulator's site. */
  readonly site: string;
}

export interface EmulatorSuite extends EmulatorHosts {
  /** Milliseconds from the start command until every emulator answered. */
  readonly startedInMs: number;
  /** The process group of firebase-tools (its tree holds the emulators, Java and the functions' workers). */
  readonly group: number;
  /** Everything firebase-tools has printed so far (the Functions emulator logs every execution). */
  output(): string;
  /** Resolves when firebase-tools exits, of itself or stopped. */
  readonly exited: Promise<void>;
  /** Stops firebase-tools and everything it started, Java included. */
  stop(): Promise<void>;
}

/** Whether anything answers there (a site without an index page answers 404). */
const responds = async (url: string) => {
  try {
    await (await fetch(url)).arrayBuffer();
    return true;
  } catch {
    return false;
  }
};

const answers = async (url: string) => {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
};

/**
 * Whether the Functions emulator has registered these functions: it lists a trigger in
 * `/backends` only once it is registered (with the Firestore emulator, for onEventCreated),
 * seconds after it serves HTTP (measured: up to 2.5 s), and an event committed in between never
 * reaches the trigger.
 */
export async function triggersRegistered(functions: string, names: readonly string[]) {
  try {
    const { backends } = (await (await fetch(`http://${functions}/backends`)).json()) as {
      backends: { functionTriggers?: { name: string }[] }[];
    };
    const listed = new Set(backends.flatMap((backend) => backend.functionTriggers?.map(({ name }) => name) ?? []));
    return names.every((name) => listed.has(name));
  } catch {
    return false;
  }
}

/** firebase-tools' package folder, as `projectDir` resolves it (its devDependency). */
export function resolveFirebaseTools(projectDir: string) {
  try {
    return dirname(createRequire(join(resolve(projectDir), 'package.json')).resolve('firebase-tools/package.json'));
  } catch {
    throw new Error(
      `firebase-tools is not installed in ${projectDir}: npm install --save-dev firebase-tools (the harness runs the project's own)`,
    );
  }
}

/**
 * The Firebase Emulator Suite through firebase-tools' `emulators:start`, in a process group of
 * its own, with what this kind of machine lacks: a Java 21+ found off PATH (findJava), the
 * installed Firestore emulator when firebase-tools cannot download its own, free ports when
 * asked, and readiness that waits for the functions' triggers. firebase-tools takes a config only
 * inside the project folder, so the run's firebase.json is written there and removed at stop.
 */
export async function startEmulatorSuite(options: EmulatorSuiteOptions): Promise<EmulatorSuite> {
  const dir = resolve(options.projectDir);
  const project = options.project ?? `demo-suite-${randomUUID().slice(0, 6)}`;
  if (!project.startsWith('demo-')) throw new Error(`The Emulator Suite runs demo- projects only, not ${project}`);
  const firebaseTools = options.firebaseTools ?? resolveFirebaseTools(dir);
  const java = findJava();
  const base = JSON.parse(readFileSync(join(dir, 'firebase.json'), 'utf8')) as FirebaseJson;
  const chosen = structuredClone(base);
  const emulators = (chosen.emulators ??= {}) as Record<
    string,
    { host?: string; port?: number; websocketPort?: number }
  >;
  const only = options.only ?? RUNNABLE.filter((name) => name in emulators);
  for (const name of [...only, 'hub', 'logging']) {
    const emulator = (emulators[name] ??= {});
    emulator.host ??= '127.0.0.1';
    if (options.freePorts) {
      emulator.port = await freePort();
      if (name === 'firestore') emulator.websocketPort = await freePort();
    }
  }
  // After the ports: a change may depend on them (the page's CSP names the run's emulators).
  const config = options.config ? options.config(chosen) : chosen;
  const configFile = `.firebase-emulators-${randomUUID().slice(0, 8)}.json`;
  writeFileSync(join(dir, configFile), JSON.stringify(config, null, 2));

  const binary = only.includes('firestore') ? firestoreEmulatorBinary(firebaseTools, java) : undefined;
  const cores = availableParallelism();
  const env: NodeJS.ProcessEnv = {
    ...withJava(java),
    ...options.env,
    // No message of the day fetched, no cloud metadata server probed: nothing leaves the machine.
    CI: process.env.CI ?? 'true',
    METADATA_SERVER_DETECTION: 'none',
    // One function worker per core, at least 2: unbounded, 50 clients on 2 cores grew the suite
    // to 159 processes and workers missed their load timeout (bench/RESULTS.md).
    FUNCTIONS_EMULATOR_PARALLEL: process.env.FUNCTIONS_EMULATOR_PARALLEL ?? String(Math.max(cores, 2)),
    ...(binary && { FIRESTORE_EMULATOR_BINARY_PATH: binary }),
  };
  const args = ['emulators:start', '--config', configFile, '--only', only.join(','), '--project', project];
  if (options.importDir) args.push('--import', options.importDir);
  const started = Date.now();
  const child = spawn(process.execPath, [join(firebaseTools, 'lib/bin/firebase.js'), ...args], {
    cwd: dir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const log = options.logFile ? createWriteStream(options.logFile) : undefined;
  const record = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
    output += chunk.toString();
    // The pipes may still hand over what the suite printed as it was killed, after stop() ended the log.
    if (log && !log.writableEnded) log.write(chunk);
    if (options.inheritOutput) stream.write(chunk);
  };
  child.stdout.on('data', record(process.stdout));
  child.stderr.on('data', record(process.stderr));
  let hasExited = false;
  const exited = new Promise<void>((done) => child.once('exit', () => ((hasExited = true), done())));
  const group = child.pid!;
  // Last resort if this process dies without stopping the suite: never leave Java holding a port.
  const killOnExit = () => killTree(group);
  process.once('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      process.removeListener('exit', killOnExit);
      await stopTree(group);
      rmSync(join(dir, configFile), { force: true });
      if (log) await new Promise((done) => log.end(done));
    })());

  const host = (name: string) => (only.includes(name) ? `127.0.0.1:${emulators[name]!.port}` : undefined);
  const region = options.region ?? 'us-central1';
  const hosts: EmulatorHosts = {
    project,
    auth: host('auth'),
    firestore: host('firestore'),
    functions: host('functions'),
    hosting: host('hosting'),
    hub: `127.0.0.1:${emulators.hub!.port ?? 4400}`,
    api: `http://${host('functions')}/${project}/${region}/api`,
    site: `http://${host('hosting')}`,
  };
  const triggers = options.triggers ?? (hosts.functions ? ['onEventCreated'] : []);
  const checks = [
    ...(hosts.auth ? [() => answers(`http://${hosts.auth}/`)] : []),
    ...(hosts.firestore ? [() => answers(`http://${hosts.firestore}/`)] : []),
    ...(hosts.hosting ? [() => responds(hosts.site)] : []),
    ...(hosts.functions ? [() => triggersRegistered(hosts.functions!, triggers)] : []),
  ];
  const timeoutMs = options.timeoutMs ?? 180_000;
  try {
    for (const deadline = Date.now() + timeoutMs; ; await sleep(250)) {
      if (hasExited) throw new Error(`The Emulator Suite exited during start-up:\n${output}`);
      if (Date.now() > deadline) throw new Error(`The Emulator Suite did not start in ${timeoutMs} ms:\n${output}`);
      const ready = await Promise.all(checks.map((check) => check()));
      if (ready.every(Boolean) && (!options.ready || (await options.ready(hosts)))) break;
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { ...hosts, startedInMs: Date.now() - started, group, output: () => output, exited, stop };
}
