#!/usr/bin/env bash
# Installs each package's locked dependencies when they are missing, the lock file changed, or
# they were installed by another Node.js major (optional dependencies depend on it). A stamp
# with the lock file's hash and the major makes a second run instant.
set -euo pipefail
source "$(dirname "$0")/lib/node.sh"
cd "$root"

for dir in "$@"; do
  lock="$dir/package-lock.json"
  stamp="$dir/node_modules/.lock-sha256"
  want="$(sha256sum "$lock" | cut -d' ' -f1) node$(node_major)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "installing $dir (npm ci, Node.js $(node -v))"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$stamp"
  fi
done
