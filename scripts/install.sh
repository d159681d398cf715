#!/usr/bin/env bash
# Installs each package's locked dependencies when they are missing or the lock file changed.
# A stamp with the lock file's hash makes a second run instant.
set -euo pipefail
cd "$(dirname "$0")/.."

for dir in "$@"; do
  lock="$dir/package-lock.json"
  stamp="$dir/node_modules/.lock-sha256"
  want=$(sha256sum "$lock" | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "installing $dir (npm ci)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
  fi
done
