#!/usr/bin/env bash
# Sourced by start.sh and seed-emulator-data.sh: prepares and runs the Emulator Suite (auth,
# firestore, functions, hosting) on the ports of firebase.json, in a process group of its own.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node.sh"
cd "$root"
bash scripts/install.sh . functions
npm --prefix functions run --silent build
source scripts/lib/emulator-env.sh
api="http://127.0.0.1:5001/$FIREBASE_PROJECT/us-central1/api"
site="http://127.0.0.1:5000"

# start_suite [firebase emulators:start options...]: sets $suite to the group's id.
start_suite() {
  setsid node_modules/.bin/firebase emulators:start --only auth,firestore,functions,hosting --project "$FIREBASE_PROJECT" "$@" &
  suite=$!
}

# The process groups of a process and of all its descendants. firebase-tools starts the
# Firestore emulator's Java in a session of its own, outside the suite's group.
tree_groups() {
  ps -eo pid=,ppid=,pgid= | awk -v root="$1" '
    { parent[$1] = $2; group[$1] = $3 }
    END {
      print root
      for (pid in parent) for (p = pid; p > 1; p = parent[p]) if (p == root) { print group[pid]; break }
    }' | sort -u
}

# Whether any process of these groups is alive (zombies, which have exited, do not count).
groups_alive() {
  local group
  for group in "$@"; do
    ps -eo pgid=,stat= | awk -v g="$group" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }' && return 0
  done
  return 1
}

# Stops the suite and everything it started: SIGTERM to firebase-tools' group, which stops its
# emulators (and exports, with --export-on-exit), up to $1 seconds (default 10); then SIGKILL
# to that group, and SIGTERM, then SIGKILL, to whatever else of its tree is left (Java).
stop_suite() {
  local wait_tenths=$(( ${1:-10} * 10 )) groups group
  groups=$(tree_groups "$suite")
  kill -TERM -- -"$suite" 2>/dev/null || true
  for _ in $(seq 1 "$wait_tenths"); do groups_alive "$suite" || break; sleep 0.1; done
  kill -KILL -- -"$suite" 2>/dev/null || true
  for group in $groups; do kill -TERM -- -"$group" 2>/dev/null || true; done
  for _ in $(seq 1 50); do groups_alive $groups || return 0; sleep 0.1; done
  for group in $groups; do kill -KILL -- -"$group" 2>/dev/null || true; done
}

# Until the API, the site and the Auth emulator answer; fails if the suite exits first.
wait_for_suite() {
  until curl -sf "$api/healthz" >/dev/null && curl -sf "$site/api/healthz" >/dev/null && curl -sf http://127.0.0.1:9099/ >/dev/null; do
    kill -0 "$suite" 2>/dev/null || { echo "The Emulator Suite stopped during start-up." >&2; return 1; }
    sleep 0.5
  done
}
