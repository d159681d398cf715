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

# keep_and_stop_suite <dir>: exports the suite's data to <dir>, then stops it, without ever
# acknowledging a command that the export does not hold. firebase-tools' own --export-on-exit
# exports while the Functions emulator still answers, so commands answered 200 during the export
# were lost (measured: 165 of 300). Here:
#   1. firebase-tools exports everything (auth accounts, Firestore) to a folder beside <dir>;
#   2. its process group is frozen (SIGSTOP): the Functions, Hosting and Auth emulators and every
#      function worker stop at once. Every answer goes out through firebase-tools, so from here
#      on no request is answered, and no trigger runs; a client sees its request cut off, never a
#      200, and retries it (with its Idempotency-Key) on the next start;
#   3. the Firestore emulator (Java, in a session of its own, still running) exports its data
#      again, over the first export's: now it holds every commit that was ever answered;
#   4. that folder replaces <dir>, and the whole tree is killed.
# Events whose triggers were cut off are sequenced at the next start (sequence_pending).
keep_and_stop_suite() {
  local dir=$1 partial="$1.partial"
  local hub=127.0.0.1:4400 firestore=127.0.0.1:8080
  mkdir -p "$(dirname "$dir")"
  partial=$(cd "$(dirname "$partial")" && pwd)/$(basename "$partial")
  rm -rf "$partial"
  if curl -sf --max-time 300 -X POST "http://$hub/_admin/export" -H 'Content-Type: application/json' \
    -d "{\"path\":\"$partial\",\"initiatedBy\":\"npm start --keep\"}" >/dev/null; then
    freeze_tree "$suite"
    rm -rf "$partial/firestore_export"
    if curl -sf --max-time 300 -X POST "http://$firestore/emulator/v1/projects/$FIREBASE_PROJECT:export" \
      -H 'Content-Type: application/json' \
      -d "{\"database\":\"projects/$FIREBASE_PROJECT/databases/(default)\",\"export_directory\":\"$partial\",\"export_name\":\"firestore_export\"}" >/dev/null; then
      rm -rf "$dir" && mv "$partial" "$dir"
      echo "Exported the emulators' data to $dir/." >&2
    else
      echo "The Firestore export failed: $dir/ is left as it was." >&2
    fi
  else
    echo "The export failed (is the Emulator Suite up?): $dir/ is left as it was." >&2
  fi
  rm -rf "$partial"
  stop_tree "$suite" 0
}

# Runs the scheduled reader once (the Functions emulator never fires schedules): it sequences
# the events whose triggers never ran, a stop having cut them off, and brings every handler up
# to date, before the suite says it is ready.
sequence_pending() {
  curl -sf --max-time 120 -X POST "http://127.0.0.1:5001/functions/projects/$FIREBASE_PROJECT/triggers/us-central1-readPending-0" >/dev/null ||
    echo "The scheduled reader did not run at start-up: events may wait for npx firebase-event-store run-schedule." >&2
}

# Then every minute, as the deployed schedule (every 1 minutes), in the background: the safety
# net, and the workflows' timers (they fire within a minute of their time). Sets $schedule to
# the loop's id; stop_schedule ends it. A run is awaited before the next minute starts.
start_schedule() {
  ( while sleep 60; do
      curl -sf --max-time 120 -X POST "http://127.0.0.1:5001/functions/projects/$FIREBASE_PROJECT/triggers/us-central1-readPending-0" >/dev/null ||
        echo "The scheduled reader did not run this minute." >&2
    done ) &
  schedule=$!
}
stop_schedule() {
  [ -n "${schedule:-}" ] || return 0
  local children
  children=$(pgrep -P "$schedule" || true) # its sleep or curl, by id: killed with it
  kill "$schedule" $children 2>/dev/null || true
}

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
