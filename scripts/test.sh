#!/usr/bin/env bash
# The test command (`npm test`): on the functions' own Node.js major (lib/node.sh), installs what
# is missing, checks that the runtime is deployable today (check-runtime), type-checks, lints,
# builds the functions, then runs every tier with vitest:
#   unit      *.unit.test.ts      no I/O beyond loopback HTTP: in-memory store, signed tokens
#   emulator  *.emulator.test.ts  the installed Firestore emulator on a free port (and the
#             *.rules.test.ts     security rules through @firebase/rules-unit-testing)
#   e2e       *.e2e.test.ts       the Emulator Suite (auth, firestore, functions, hosting) via firebase-tools,
#                                 and the PWA in Chromium (web/test) against its Hosting
# Every emulator runs in a process group of its own and is stopped, Java child included,
# when its tier ends, pass or fail.
set -euo pipefail
source "$(dirname "$0")/lib/node.sh"
cd "$root"
export METADATA_SERVER_DETECTION=none # firebase-admin must not probe a cloud metadata server

bash scripts/install.sh . scripts/firebase-tools
bash scripts/warm-npm-cache.sh
bash scripts/install-browser.sh
echo "Node.js $(node -v) at $(command -v node)"
bash scripts/check-runtime
npm run --silent typecheck
npm run --silent lint
npm run --silent build
vitest run --reporter=verbose --coverage # fails below the floors of coverage-floors.ts
