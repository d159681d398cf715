#!/usr/bin/env bash
# Sourced by start.sh and seed-emulator-data.sh: prepares and runs the Emulator Suite (auth,
# firestore, functions, hosting) on the ports of firebase.json, in a process group of its own.
set -euo pipefail
millis() { node -p 'Date.now()'; } # portable: macOS's date has no %N
prepare_started=$(millis)
source "$(dirname "${BASH_SOURCE[0]}")/node.sh"
source "$(dirname "${BASH_SOURCE[0]}")/process-tree.sh"
cd "$root"
bash scripts/install.sh . functions
installed_ms=$(( $(millis) - prepare_started ))
npm --prefix functions run --silent build
built_ms=$(( $(millis) - prepare_started - installed_ms ))
source scripts/lib/emulator-env.sh
api="http://127.0.0.1:5001/$FIREBASE_PROJECT/us-central1/api"
site="http://127.0.0.1:5000"

# start_suite [firebase emulators:start options...]: sets $suite to the group's id.
start_suite() {
  setsid node_modules/.bin/firebase emulators:start --only auth,firestore,functions,hosting --project "$FIREBASE_PROJECT" "$@" &
  suite=$!
}

# Stops the suite and everything it started (lib/process-tree.sh), waiting up to $1 seconds
# (default 10) for firebase-tools to stop its emulators itself.
stop_suite() { stop_tree "$suite" "${1:-10}"; }

# Until the API, the site and the Auth emulator answer, and the Functions emulator lists
# onEventCreated: it does so only once the trigger is registered with the Firestore emulator,
# seconds after it serves the API (measured: up to 2.5 s), and an event committed in between
# would never reach the trigger. Fails if the suite exits first.
wait_for_suite() {
  until curl -sf "$api/healthz" >/dev/null && curl -sf "$site/api/healthz" >/dev/null &&
    curl -sf http://127.0.0.1:9099/ >/dev/null && curl -sf http://127.0.0.1:5001/backends | grep -q '"onEventCreated"'; do
    kill -0 "$suite" 2>/dev/null || { echo "The Emulator Suite stopped during start-up." >&2; return 1; }
    sleep 0.5
  done
}
