#!/usr/bin/env bash
# Runs functions/tools/<name>.ts on the functions' Node.js (lib/node.sh) with the workspace's
# dependencies, installing them first if needed; packages are read from their source.
set -euo pipefail
source "$(dirname "$0")/node.sh"
tool="$1"
shift
bash "$root/scripts/install.sh" . scripts/firebase-tools >&2
export METADATA_SERVER_DETECTION="${METADATA_SERVER_DETECTION:-none}"
exec tsx --conditions=source --import "$root/functions/tools/lib/one-line-errors.ts" "$root/functions/tools/$tool.ts" "$@"
