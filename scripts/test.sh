#!/usr/bin/env bash
# The test command (`npm test`): installs what is missing, type-checks, lints, then runs every
# test tier. The emulator tier starts the installed Firestore emulator on a free loopback port
# and stops it (Java child included) when the run ends, pass or fail.
set -euo pipefail
cd "$(dirname "$0")/.."
export METADATA_SERVER_DETECTION=none # firebase-admin must not probe a cloud metadata server

bash scripts/install.sh functions
npm --prefix functions run --silent typecheck
npm --prefix functions run --silent lint
npm --prefix functions run --silent test
