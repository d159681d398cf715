import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './firestore-emulator.js';
import { killTree, stopTree } from './process-group.js';

export interface EmulatorSuite {
  readonly project: string;
  readonly auth: string;
  readonly firestore: string;
  readonly functions: string;
  /** The command API's base URL. */
  readonly api: string;
  /** The Hosting emulator's site; it passes /api/** to the API. */
  readonly site: string;
  /** Milliseconds from the start command until the API answered. */
  readonly startedInMs: number;
  /** The process group of firebase-tools (its tree holds the emulators and the functions' workers). */
  readonly group: number;
  /** Everything firebase-tools has printed so far (the Functions emulator logs every execution). */
  output(): string;
  stop(): Promise<void>;
}

/** firebase.json as far as the suite changes it; the rest is passed through as it is. */
export interface EmulatorSuiteConfig {
  emulators: Record<string, Record<string, unknown>>;
  functions: Record<string, unknown>[];
  hosting?: Record<string, unknown>;
}

export interface EmulatorSuiteOptions {
  /** The Firebase project folder: its firebase.json and its functions/ folder, built. */
  projectDir: string;
  /** A demo- project id; a new one by default. */
  project?: string;
  importDir?: string;
  /** Every line firebase-tools prints is appended here too. */
  logFile?: string;
  /** The folder Hosting serves in place of firebase.json's, relative to the project folder. */
  hostingPublic?: string;
  /**
   * Shell run before `firebase` in the same bash (put firebase-tools and Java on PATH, set the
   * emulators' environment); `firebase` must be on PATH after it.
   */
  prelude?: string;
  /** Changes the run's firebase.json once its ports are chosen (a page's CSP naming them, say). */
  configure?: (config: EmulatorSuiteConfig) => object;
}

/**
 * The Firebase Emulator Suite (auth, firestore, functions, hosting) through firebase-tools, on free
 * loopback ports, in a process group of its own. firebase-tools only takes a config inside the
 * project directory, so one is written there for this run and removed after. Ready once the API
 * answers directly and through Hosting, Auth answers, and the event trigger is registered.
 */
export async function startEmulatorSuite(options: EmulatorSuiteOptions): Promise<EmulatorSuite> {
  // A project of its own by default: firebase-tools finds a running suite by its project id (a
  // locator file in the temp folder), so two suites of one project would export each other's data.
  const project = options.project ?? `demo-suite-${randomUUID().slice(0, 6)}`;
  if (!project.startsWith('demo-')) throw new Error('The Emulator Suite runs demo- projects only');
  const dir = `${options.projectDir.replace(/\/$/, '')}/`;
  const config = JSON.parse(readFileSync(`${dir}firebase.json`, 'utf8')) as EmulatorSuiteConfig;
  // The emulator runs the built functions in place (functions/lib and their packages), not an
  // isolated deploy artefact.
  config.functions = config.functions.map(({ predeploy: _predeploy, ...codebase }) => ({
    ...codebase,
    source: 'functions',
  }));
  const ports = {
    auth: await freePort(),
    firestore: await freePort(),
    functions: await freePort(),
    hosting: await freePort(),
  };
  Object.assign(config.emulators.auth!, { port: ports.auth });
  Object.assign(config.emulators.firestore!, { port: ports.firestore, websocketPort: await freePort() });
  Object.assign(config.emulators.functions!, { port: ports.functions });
  Object.assign(config.emulators.hosting!, { port: ports.hosting });
  if (options.hostingPublic) config.hosting = { ...config.hosting, public: options.hostingPublic };
  Object.assign(config.emulators.hub!, { port: await freePort() });
  Object.assign(config.emulators.logging!, { port: await freePort() });
  const configFile = `.firebase-e2e-${randomUUID().slice(0, 8)}.json`;
  const written = options.configure ? options.configure(config) : config;
  writeFileSync(`${dir}${configFile}`, JSON.stringify(written, null, 2));

  const args = [
    'emulators:start',
    '--config',
    configFile,
    '--only',
    'auth,firestore,functions,hosting',
    '--project',
    project,
  ];
  if (options.importDir) args.push('--import', options.importDir);
  const command =
    `${options.prelude ? `${options.prelude} && ` : ''}cd ${dir} && ` +
    `echo "FUNCTIONS_EMULATOR_PARALLEL=$FUNCTIONS_EMULATOR_PARALLEL" && exec firebase ${args.join(' ')}`;
  const started = Date.now();
  const child = spawn('bash', ['-c', command], { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const log = options.logFile && createWriteStream(options.logFile);
  const record = (chunk: Buffer) => {
    output += chunk.toString();
    // The pipes may still hand over what the suite printed as it was killed, after stop() ended the log.
    if (log && !log.writableEnded) log.write(chunk);
  };
  child.stdout.on('data', record);
  child.stderr.on('data', record);
  let exited = false;
  child.once('exit', () => (exited = true));
  const group = child.pid!;
  const killOnExit = () => killTree(group);
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    await stopTree(group);
    rmSync(`${dir}${configFile}`, { force: true });
    if (log) await new Promise((resolve) => log.end(resolve));
  };

  const host = (port: number) => `127.0.0.1:${port}`;
  const api = `http://${host(ports.functions)}/${project}/us-central1/api`;
  const site = `http://${host(ports.hosting)}`;
  try {
    for (const deadline = Date.now() + 120_000; ; await sleep(250)) {
      if (exited) throw new Error(`The Emulator Suite exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`The Emulator Suite did not start in 2 minutes:\n${output}`);
      const ready = await Promise.all([
        ...[`${api}/healthz`, `${site}/api/healthz`, `http://${host(ports.auth)}/`].map(answers),
        triggerRegistered(host(ports.functions)),
      ]);
      if (ready.every(Boolean)) break;
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    project,
    auth: host(ports.auth),
    firestore: host(ports.firestore),
    functions: host(ports.functions),
    api,
    site,
    startedInMs: Date.now() - started,
    group,
    output: () => output,
    stop,
  };
}

/**
 * Whether the Functions emulator has registered onEventCreated with the Firestore emulator: it
 * lists a function in `/backends` only once that is done, while it serves the API seconds
 * earlier (measured: up to 2.5 s), and an event committed in between never reaches the trigger.
 */
async function triggerRegistered(functions: string) {
  try {
    const { backends } = (await (await fetch(`http://${functions}/backends`)).json()) as {
      backends: { functionTriggers?: { name: string }[] }[];
    };
    return backends.some((backend) => backend.functionTriggers?.some(({ name }) => name === 'onEventCreated'));
  } catch {
    return false;
  }
}

const answers = async (url: string) => {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
};
