#!/usr/bin/env bash
# `npm run bench`: every benchmark, each figure next to its floor measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
export METADATA_SERVER_DETECTION=none
bash scripts/install.sh . functions
npm --prefix functions run --silent build # the trigger benchmark runs the functions in the Emulator Suite
npm --prefix functions run --silent bench -- "$@"
