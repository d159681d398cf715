#!/usr/bin/env bash
# `npm run bench`: every benchmark, each figure next to its floor measured in the same run, on
# the functions' own Node.js major (lib/node.sh).
set -euo pipefail
source "$(dirname "$0")/lib/node.sh"
cd "$root"
export METADATA_SERVER_DETECTION=none
bash scripts/install.sh . scripts/firebase-tools
echo "Node.js $(node -v)"
npm run --silent build # the trigger benchmark runs the functions in the Emulator Suite
# The packages as deployed: their built dist/ (tsx would add its own helpers to every source
# function, measurably: a CPU profile of the HTTP path showed them), the bench files themselves by tsx.
tsx bench/index.ts "$@"
