#!/usr/bin/env bash
# Regenerates emulator-data/ (`npm run seed`): starts a clean Emulator Suite, seeds it through
# the real API (functions/tools/seed.ts), exports it, and stops. The run command imports it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh . functions
npm --prefix functions run --silent build
source scripts/lib/emulator-env.sh

api="http://127.0.0.1:5001/$FIREBASE_PROJECT/us-central1/api"
setsid node_modules/.bin/firebase emulators:start --only auth,firestore,functions --project "$FIREBASE_PROJECT" >/dev/null &
suite=$!
trap 'kill -TERM -- -"$suite" 2>/dev/null || true; wait "$suite" 2>/dev/null || true' EXIT
until curl -sf "$api/healthz" >/dev/null && curl -sf http://127.0.0.1:9099/ >/dev/null; do
  kill -0 "$suite" 2>/dev/null || { echo "The Emulator Suite stopped during start-up." >&2; exit 1; }
  sleep 0.5
done
functions/node_modules/.bin/tsx functions/tools/seed.ts --project "$FIREBASE_PROJECT"
sleep 3 # let the last triggers finish before the export
rm -rf emulator-data
node_modules/.bin/firebase emulators:export emulator-data --project "$FIREBASE_PROJECT" --force
