#!/usr/bin/env bash
# Sourced by start.sh and seed-emulator-data.sh: prepares and runs the Emulator Suite (auth,
# firestore, functions, hosting) on the ports of firebase.json, in a process group of its own.
set -euo pipefail
millis() { node -p 'Date.now()'; } # portable: macOS's date has no %N
prepare_started=$(millis)
source "$(dirname "${BASH_SOURCE[0]}")/node.sh"
source "$(dirname "${BASH_SOURCE[0]}")/process-tree.sh"
cd "$root"
bash scripts/install.sh . scripts/firebase-tools
installed_ms=$(( $(millis) - prepare_started ))
npm run --silent build
built_ms=$(( $(millis) - prepare_started - installed_ms ))
source scripts/lib/emulator-env.sh
api="http://127.0.0.1:5001/$FIREBASE_PROJECT/us-central1/api"
site="http://127.0.0.1:5000"

# firebase.json is what `firebase deploy` reads, and its functions source is the deploy
# artefact (functions/isolate, made at predeploy with the workspace packages packed in). The
# emulators run the workspace's functions/ itself, so a build is all a change needs: they get a
# copy of firebase.json that says so (firebase-tools takes a config only inside the project).
local_config() {
  node -e '
    const config = JSON.parse(require("fs").readFileSync("firebase.json", "utf8"));
    config.functions = config.functions.map(({ predeploy, ...codebase }) => ({ ...codebase, source: "functions" }));
    require("fs").writeFileSync(".firebase-local.json", JSON.stringify(config, null, 2));'
  echo .firebase-local.json
}

# start_suite [firebase emulators:start options...]: sets $suite to the group's id.
start_suite() {
  setsid firebase emulators:start --config "$(local_config)" --only auth,firestore,functions,hosting --project "$FIREBASE_PROJECT" "$@" &
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
