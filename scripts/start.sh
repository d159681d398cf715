#!/usr/bin/env bash
# The run command (`npm start`): the whole product on the Firebase Emulator Suite (auth,
# firestore, functions, hosting), with the seeded data of emulator-data/ imported. When it is
# ready it prints the API's URL, the site's (Hosting passes /api/** to the API), and curls
# that run a command as a seeded user through each. Ctrl-C stops everything it started (the
# emulators run in a process group of their own).
set -euo pipefail
source "$(dirname "$0")/lib/suite.sh"

started=$(date +%s%N)
start_suite --import emulator-data
trap 'trap - EXIT; stop_suite' EXIT
trap 'exit 130' INT TERM
wait_for_suite
ready_ms=$(( ($(date +%s%N) - started) / 1000000 ))
token=$(FIREBASE_AUTH_EMULATOR_HOST=127.0.0.1:9099 bash scripts/id-token --email ada@acme.com 2>/dev/null)

cat <<BANNER

  Ready in ${ready_ms} ms, on Node.js $(node -v).
  The command API: $api
  The site:        $site (Firebase Hosting: it passes /api/** to the API)
  Seeded users (password: password123): ada@acme.com (acme: user, manager, admin),
  bob@acme.com (acme: user), carla@globex.com (globex: user, manager).

  Run a command as ada (a fresh token: scripts/id-token --email ada@acme.com):

curl -si '$api/commands/AddNumbers' -H 'Authorization: Bearer $token' -H 'Content-Type: application/json' -d '{"aggregateId":"calc-1","number1":1,"number2":2}'

  The same through Hosting, on the site's own origin:

curl -si '$site/api/commands/AddNumbers' -H 'Authorization: Bearer $token' -H 'Content-Type: application/json' -d '{"aggregateId":"calc-1","number1":1,"number2":2}'

  Then: scripts/aggregate --tenant acme --type Calculator --id calc-1 --emulator 127.0.0.1:8080
        scripts/readers lag --tenant acme --emulator 127.0.0.1:8080     (Ctrl-C stops everything)

BANNER
wait "$suite"
