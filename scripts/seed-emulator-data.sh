#!/usr/bin/env bash
# Regenerates emulator-data/ (`npm run seed`): starts a clean Emulator Suite, seeds it through
# the real API (`npx firebase-event-store seed`), exports it, and stops. The run command imports it.
set -euo pipefail
source "$(dirname "$0")/lib/suite.sh"

start_suite >/dev/null
trap stop_suite EXIT
wait_for_suite
npx firebase-event-store seed --project "$FIREBASE_PROJECT"
sleep 3 # let the last triggers finish before the export
rm -rf emulator-data
firebase emulators:export emulator-data --project "$FIREBASE_PROJECT" --force
