#!/usr/bin/env bash
# Runs functions/tools/<name>.ts with the functions package's own dependencies (firebase-admin
# lives there; the repository root has no node_modules), installing them first if needed.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tool="$1"
shift
bash "$root/scripts/install.sh" functions >&2
export METADATA_SERVER_DETECTION="${METADATA_SERVER_DETECTION:-none}"
exec "$root/functions/node_modules/.bin/tsx" "$root/functions/tools/$tool.ts" "$@"
