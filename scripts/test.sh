#!/usr/bin/env bash
# The test command (`npm test`): installs what is missing, type-checks, lints, builds the
# functions, then runs every tier with vitest:
#   unit      *.unit.test.ts      no I/O beyond loopback HTTP: in-memory store, signed tokens
#   emulator  *.emulator.test.ts  the installed Firestore emulator on a free port (and the
#             *.rules.test.ts     security rules through @firebase/rules-unit-testing)
#   e2e       *.e2e.test.ts       the Emulator Suite (auth, firestore, functions) via firebase-tools
# Every emulator runs in a process group of its own and is stopped, Java child included,
# when its tier ends, pass or fail.
set -euo pipefail
cd "$(dirname "$0")/.."
export METADATA_SERVER_DETECTION=none # firebase-admin must not probe a cloud metadata server

bash scripts/install.sh . functions
npm --prefix functions run --silent typecheck
npm --prefix functions run --silent lint
npm --prefix functions run --silent build
npm --prefix functions run --silent test
