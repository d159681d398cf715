/**
 * `firebase-event-store-emulators`: a project's `npm start`. Runs the Emulator Suite of the
 * project in the current folder (its firebase.json, its own firebase-tools) with startEmulatorSuite,
 * prints where everything is once the functions' triggers are registered, and stops it all,
 * Java included, on Ctrl-C.
 *   --free-ports        every emulator on a free loopback port instead of firebase.json's
 *   --project <id>      a demo- project id (default: demo-<package.json name>)
 *   --only <a,b>        the emulators to run (default: every one firebase.json configures)
 *   --import <folder>   start with exported emulator data
 *   --trigger <name>    a function to wait for (repeatable; default: onEventCreated)
 *   --no-schedule       do not run readPending every minute (the Functions emulator never runs
 *                       schedules; by default this does, so workflow timers fire as deployed)
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runEmulatorSchedules } from './emulator-schedules.js';
import { startEmulatorSuite, type EmulatorSuite } from './emulator-suite.js';

const usage =
  'Usage: firebase-event-store-emulators [--free-ports] [--project demo-<id>] [--only auth,firestore,...] [--import <folder>] [--trigger <name>]... [--no-schedule]';

function banner(suite: EmulatorSuite) {
  const line = (label: string, value: string | undefined) => (value ? [`  ${label.padEnd(16)}${value}`] : []);
  const url = (host: string | undefined) => host && `http://${host}`;
  const exports = [
    ...(suite.auth ? [`AUTH=http://${suite.auth}`] : []),
    ...(suite.functions ? [`API=${suite.api}`] : []),
    ...(suite.firestore ? [`FIRESTORE_EMULATOR_HOST=${suite.firestore}`] : []),
    ...(suite.auth ? [`FIREBASE_AUTH_EMULATOR_HOST=${suite.auth}`] : []),
  ];
  return [
    '',
    `  The Emulator Suite is up: project ${suite.project}, in ${Math.round(suite.startedInMs / 1000)} s.`,
    ...line('Auth', url(suite.auth)),
    ...line('Firestore', url(suite.firestore)),
    ...line('Functions', url(suite.functions)),
    ...line('The command API', suite.functions && suite.api),
    ...line('Hosting', suite.hosting && suite.site),
    '',
    "  The README's commands read these; run this line in the shell you run them in:",
    '',
    `export ${exports.join(' ')}`,
    '',
    '  Ctrl-C stops everything.',
    '',
  ].join('\n');
}

let suite: EmulatorSuite | undefined;
try {
  const { values, positionals } = parseArgs({
    options: {
      'free-ports': { type: 'boolean', default: false },
      project: { type: 'string' },
      only: { type: 'string' },
      import: { type: 'string' },
      trigger: { type: 'string', multiple: true },
      'no-schedule': { type: 'boolean', default: false },
    },
  });
  if (positionals.length > 0) throw new Error(usage);
  const name = (JSON.parse(readFileSync('package.json', 'utf8')) as { name?: string }).name;
  const project = values.project ?? `demo-${name ?? 'project'}`;
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    void (suite ? suite.stop() : Promise.resolve()).finally(() => process.exit(code));
  };
  process.on('SIGINT', () => stop(130));
  process.on('SIGTERM', () => stop(143));
  suite = await startEmulatorSuite({
    projectDir: process.cwd(),
    project,
    freePorts: values['free-ports'],
    inheritOutput: true,
    ...(values.only && { only: values.only.split(',') }),
    ...(values.import && { importDir: values.import }),
    ...(values.trigger && { triggers: values.trigger }),
  });
  console.log(banner(suite));
  if (suite.functions && !values['no-schedule']) {
    // At once (events a stop cut off from their trigger are sequenced), then every minute.
    const schedules = runEmulatorSchedules(suite, {
      onError: (name, error) => console.error(`The scheduled ${name} did not run: ${String(error)}`),
    });
    void schedules.runNow();
    console.log('  readPending runs every minute, as the deployed schedule (--no-schedule: never).\n');
  }
  await suite.exited;
  if (!stopping) {
    console.error('The Emulator Suite stopped by itself.');
    process.exit(1);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  await suite?.stop();
  process.exit(2);
}
