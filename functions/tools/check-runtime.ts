/**
 * scripts/check-runtime: fails when the functions could not be deployed on the day it runs
 * because of their runtime, by the runtime table of the installed firebase-tools and the guard
 * `firebase deploy` itself runs, or will be refused soon (deprecated); and when firebase.json's
 * runtime, functions/package.json's engines and the Node.js this runs on disagree. The test
 * command runs it first, so a project can never again be silently undeployable.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const usage = `Usage: scripts/check-runtime [options]

Options:
  --config <file>     firebase.json (default: the repository's)
  --package <file>    the functions' package.json (default: functions/package.json)
  --today <date>      the day to judge by (default: today)
  -h, --help          this text`;

const root = new URL('../../', import.meta.url);
const parse = () =>
  parseArgs({
    options: {
      config: { type: 'string', default: new URL('firebase.json', root).pathname },
      package: { type: 'string', default: new URL('functions/package.json', root).pathname },
      today: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
let parsed: ReturnType<typeof parse>;
try {
  parsed = parse();
} catch (error) {
  console.error(`error: ${(error as Error).message.split('. ')[0]}\n${usage.split('\n')[0]}   (--help for more)`);
  process.exit(2);
}
if (parsed.values.help) {
  console.log(usage);
  process.exit(0);
}
const { values } = parsed;

interface RuntimeTable {
  RUNTIMES: Record<string, { friendly: string; deprecationDate: string; decommissionDate: string }>;
  isRuntime(runtime: string): boolean;
  guardVersionSupport(runtime: string, now?: Date): void;
}
const fromRoot = createRequire(new URL('scripts/firebase-tools/package.json', root)); // firebase-tools, installed apart
const supported = fromRoot('firebase-tools/lib/deploy/functions/runtimes/supported') as RuntimeTable;
const firebaseTools = (fromRoot('firebase-tools/package.json') as { version: string }).version;

const today = values.today ? new Date(values.today) : new Date();
const config = JSON.parse(readFileSync(values.config, 'utf8')) as { functions: { runtime?: string }[] };
const engines = (JSON.parse(readFileSync(values.package, 'utf8')) as { engines?: { node?: string } }).engines?.node;
const problems: string[] = [];
const majorOf = (version: string | undefined) => /^[^0-9]*([0-9]+)/.exec(version ?? '')?.[1];

for (const { runtime = '(none)' } of config.functions) {
  if (!supported.isRuntime(runtime)) {
    problems.push(`firebase.json's runtime ${runtime} is not one firebase-tools ${firebaseTools} knows`);
    continue;
  }
  const { friendly, deprecationDate, decommissionDate } = supported.RUNTIMES[runtime]!;
  try {
    supported.guardVersionSupport(runtime, today); // what `firebase deploy` runs: throws once decommissioned
  } catch (error) {
    problems.push(`firebase deploy refuses ${runtime}: ${(error as Error).message}`);
    continue;
  }
  if (today >= new Date(deprecationDate)) {
    problems.push(
      `${friendly} (${runtime}) was deprecated on ${deprecationDate} and is decommissioned on ${decommissionDate}: upgrade the runtime`,
    );
  }
  const major = majorOf(runtime);
  if (majorOf(engines) !== major)
    problems.push(`functions/package.json's engines.node is ${engines ?? 'missing'}, but the runtime is ${runtime}`);
  if (majorOf(process.versions.node) !== major) {
    problems.push(`this runs on Node.js ${process.versions.node}, but the functions run on ${runtime} in production`);
  }
  if (problems.length === 0) {
    console.log(
      `Functions runtime ${runtime} (${friendly}: deprecated ${deprecationDate}, decommissioned ${decommissionDate}, ` +
        `by firebase-tools ${firebaseTools}); engines.node ${engines}; running on Node.js ${process.versions.node}.`,
    );
  }
}
if (problems.length > 0) {
  for (const problem of problems) console.error(`check-runtime: ${problem}`);
  process.exit(1);
}
