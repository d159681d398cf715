#!/usr/bin/env bash
# The run command (`npm start`): the whole product on the Firebase Emulator Suite (auth,
# firestore, functions), with the seeded data of emulator-data/ imported. When it is ready it
# prints the API's URL and a curl that runs a command as a seeded user. Ctrl-C stops
# everything it started (the emulators run in a process group of their own).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh . functions
npm --prefix functions run --silent build
source scripts/lib/emulator-env.sh

api="http://127.0.0.1:5001/$FIREBASE_PROJECT/us-central1/api"
started=$(date +%s%N)
setsid node_modules/.bin/firebase emulators:start --only auth,firestore,functions \
  --project "$FIREBASE_PROJECT" --import emulator-data &
suite=$!
stop() {
  trap - EXIT INT TERM
  kill -TERM -- -"$suite" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 -- -"$suite" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- -"$suite" 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM

until curl -sf "$api/healthz" >/dev/null && curl -sf http://127.0.0.1:9099/ >/dev/null; do
  kill -0 "$suite" 2>/dev/null || { echo "The Emulator Suite stopped during start-up." >&2; exit 1; }
  sleep 0.5
done
ready_ms=$(( ($(date +%s%N) - started) / 1000000 ))
token=$(FIREBASE_AUTH_EMULATOR_HOST=127.0.0.1:9099 bash scripts/id-token --email ada@acme.com 2>/dev/null)

cat <<BANNER

  Ready in ${ready_ms} ms. The command API: $api
  Seeded users (password: password123): ada@acme.com (acme: user, manager, admin),
  bob@acme.com (acme: user), carla@globex.com (globex: user, manager).

  Run a command as ada (a fresh token: scripts/id-token --email ada@acme.com):

curl -si '$api/commands/AddNumbers' -H 'Authorization: Bearer $token' -H 'Content-Type: application/json' -d '{"aggregateId":"calc-1","number1":1,"number2":2}'

  Then: scripts/aggregate --tenant acme --type Calculator --id calc-1 --emulator 127.0.0.1:8080
        scripts/readers lag --tenant acme --emulator 127.0.0.1:8080     (Ctrl-C stops everything)

BANNER
wait "$suite"
