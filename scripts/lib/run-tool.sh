#!/usr/bin/env bash
# Runs functions/tools/<name>.ts on the functions' Node.js (lib/node.sh) with the functions
# package's own dependencies (firebase-admin lives there), installing them first if needed.
set -euo pipefail
source "$(dirname "$0")/node.sh"
tool="$1"
shift
bash "$root/scripts/install.sh" functions >&2
export METADATA_SERVER_DETECTION="${METADATA_SERVER_DETECTION:-none}"
exec "$root/functions/node_modules/.bin/tsx" --import "$root/functions/tools/lib/one-line-errors.ts" "$root/functions/tools/$tool.ts" "$@"
