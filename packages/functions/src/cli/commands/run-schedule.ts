import { defineCommand, PROJECT_OPTION } from '../command.js';
import { runReadPending } from '../functions-emulator.js';

/** Runs the scheduled reader now, in the Functions emulator (which never fires schedules). */
export const runSchedule = defineCommand({
  name: 'run-schedule',
  summary: 'runs the scheduled reader and fires due workflow timers now, in the Functions emulator',
  usage: `Usage: firebase-event-store run-schedule [options]

The Functions emulator does not fire v2 scheduled functions: this triggers readPending by hand
(it polls every tenant with pending work, then fires the workflows' due timers, as the
schedule does each minute).

Options:
  --functions <host:port>  the Functions emulator (default 127.0.0.1:5001)
  --project <id>           default: $GCLOUD_PROJECT, else .firebaserc's default project
  -h, --help               this text`,
  options: { functions: { type: 'string', default: '127.0.0.1:5001' }, ...PROJECT_OPTION },
  async run({ values }, context) {
    const response = await runReadPending(values.functions, context.project());
    context.out(JSON.stringify({ status: response.status, body: await response.text() }));
    return response.ok ? 0 : 1;
  },
});
