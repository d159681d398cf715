#!/usr/bin/env bash
# The run command (`npm start`): the whole product on the Firebase Emulator Suite (auth,
# firestore, functions, hosting), with the seeded data of emulator-data/ imported. When it is
# ready it prints the API's URL, the site's (Hosting passes /api/** to the API), and curls
# that run a command as a seeded user through each. Ctrl-C stops everything it started (the
# emulators run in a process group of their own).
#
# Each start imports the seeded data afresh. `npm start -- --keep` keeps what you do instead:
# it exports the emulators' data to .emulator-state/ (git ignores it) when you stop, and imports
# it from there at the next `--keep` start; delete that folder to start from the seed again. A
# stop never answers a command that the export does not hold (lib/suite.sh, keep_and_stop_suite),
# and each start sequences what a stop left pending before it says it is ready.
set -euo pipefail
source "$(dirname "$0")/lib/suite.sh"

import=emulator-data keeping=""
if [ "${1:-}" = "--keep" ]; then
  keeping=${EMULATOR_STATE_DIR:-.emulator-state}
  [ -d "$keeping" ] && import=$keeping
elif [ $# -gt 0 ]; then
  echo "Usage: npm start [-- --keep]" >&2
  exit 2
fi
started=$(millis)
start_suite --import "$import"
if [ -n "$keeping" ]; then
  trap 'trap - EXIT; stop_schedule; keep_and_stop_suite "$keeping"' EXIT
else
  trap 'trap - EXIT; stop_schedule; stop_suite 10' EXIT
fi
trap 'exit 130' INT TERM
wait_for_suite
sequence_pending
start_schedule
emulators_ms=$(( $(millis) - started ))
if [ -n "$keeping" ]; then
  data="kept in $keeping/ (imported from $import/; exported there again when you stop)"
else
  data="the seed (emulator-data/), afresh; npm start -- --keep keeps your changes across restarts"
fi
token=$(npx firebase-event-store id-token --email ada@acme.com --emulator 127.0.0.1:9099) ||
  token='<npx firebase-event-store id-token --email ada@acme.com>'

cat <<BANNER

  Ready in $(( (installed_ms + built_ms + emulators_ms) / 1000 )) s, on Node.js $(node -v): installs $(( installed_ms / 1000 )) s, build $(( built_ms / 1000 )) s, emulators $(( emulators_ms / 1000 )) s.
  Data: $data.
  The schedule: readPending runs every minute, as deployed (the Functions emulator has none).
  The command API: $api
  The PWA:         $site (Firebase Hosting: the calculator, offline commands, and for admins
                   the operator console; it passes /api/** to the API)
  Seeded users (password: password123): ada@acme.com (acme: user, manager, admin),
  bob@acme.com (acme: user), carla@globex.com (globex: user, manager).

  Run a command as ada (a fresh token: npx firebase-event-store id-token --email ada@acme.com):

curl -si '$api/commands/AddNumbers' -H 'Authorization: Bearer $token' -H 'Content-Type: application/json' -d '{"aggregateId":"calc-1","number1":1,"number2":2}'

  The same through Hosting, on the site's own origin:

curl -si '$site/api/commands/AddNumbers' -H 'Authorization: Bearer $token' -H 'Content-Type: application/json' -d '{"aggregateId":"calc-1","number1":1,"number2":2}'

  Then: npx firebase-event-store aggregate --tenant acme --type Calculator --id calc-1
        npx firebase-event-store readers lag --tenant acme          (Ctrl-C stops everything)

BANNER
wait "$suite"
