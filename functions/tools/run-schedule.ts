/** scripts/run-schedule: runs the scheduled reader now, in the Functions emulator (which never fires schedules). */
import { commonOptions, parseCli } from './lib/cli.js';
import { runReadPending } from './lib/functions-emulator.js';

const usage = `Usage: scripts/run-schedule [options]

The Functions emulator does not fire v2 scheduled functions: this triggers readPending by hand
(it polls every tenant with pending work, as the schedule does each minute).

Options:
  --functions <host:port>  the Functions emulator (default 127.0.0.1:5001)
  --project <id>           default: $GCLOUD_PROJECT or demo-event-store
  -h, --help               this text`;

const { values } = parseCli(usage, {
  functions: { type: 'string', default: '127.0.0.1:5001' },
  ...commonOptions,
});
const response = await runReadPending(values.functions, values.project);
console.log(JSON.stringify({ status: response.status, body: await response.text() }));
process.exit(response.ok ? 0 : 1);
