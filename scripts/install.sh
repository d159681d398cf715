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
  # firebase-tools is installed apart from the workspace for this: its optional dependencies
  # matter for one thing, re2, which node-gyp compiles from source on install; the install takes
  # 1m39s with it and 17 s without (measured on 2 cores). Hosting's router (superstatic) falls
  # back to JavaScript's RegExp without it, and firebase.json's rewrites are globs. The
  # workspace keeps its optional dependencies: esbuild's and rollup's binaries are among them.
  flags=""
  if [ "$dir" = "scripts/firebase-tools" ]; then flags="--omit=optional"; fi
  want="$(file_sha256 "$lock") node$(node_major) $flags"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "installing $dir (npm ci $flags, Node.js $(node -v))"
    # shellcheck disable=SC2086 # $flags is one word or none
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error $flags)
    echo "$want" >"$stamp"
  fi
done
