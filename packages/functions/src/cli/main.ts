#!/usr/bin/env node
/**
 * `firebase-event-store <command>` (bin/firebase-event-store.js): what a project's build derives
 * from its catalog (rules, openapi) and what its operators run (aggregate, readers,
 * forget-subject, forget-again, set-claims, id-token, run-schedule, seed). `--help` lists them.
 * A failure no command handled (an unknown user, an emulator that stopped answering) is one
 * line on stderr and exit code 1, not a stack trace; DEBUG=1 keeps the stack.
 */
import { runCli } from './run-cli.js';

process.env.METADATA_SERVER_DETECTION ??= 'none'; // firebase-admin: never probe a cloud metadata server from a laptop
const fail = (error: unknown) => {
  console.error(process.env.DEBUG ? error : `error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
};
process.on('uncaughtException', fail);
const code = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  out: (text) => console.log(text),
  err: (text) => console.error(text),
}).catch(fail);
// firebase-admin keeps its channels open: the command is over when its answer is printed.
process.exit(code ?? 1);
