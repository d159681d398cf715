#!/usr/bin/env bash
# Sourced first by every script here. Puts on PATH the Node.js major that the functions run on
# in production, so that the tests, the emulators and the benchmarks run on it too, whatever
# Node.js the machine has:
# - that major is firebase.json's functions "runtime" (nodejs24 -> 24), the one source of it;
# - the machine's own `node` is used when it is that major;
# - otherwise scripts/toolchain's: the npm registry's `node` package (a real binary, pinned in
#   scripts/toolchain/package.json), installed on first use with the machine's own npm, which
#   needs Node.js 20 or newer. Nothing else is installed outside the repository.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runtime_major=$(sed -n 's/.*"runtime": *"nodejs\([0-9][0-9]*\)".*/\1/p' "$root/firebase.json" | head -n 1)
if [ -z "$runtime_major" ]; then
  echo "firebase.json names no nodejs runtime for the functions." >&2
  exit 1
fi
node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || true; }
# A file's SHA-256, with whatever Node.js is on PATH (macOS has no sha256sum).
file_sha256() { node -p "require('crypto').createHash('sha256').update(require('fs').readFileSync(process.argv[1])).digest('hex')" "$1"; }

if [ "$(node_major)" != "$runtime_major" ]; then
  toolchain="$root/scripts/toolchain"
  if [ "$(node_major "$toolchain/node_modules/.bin/node")" != "$runtime_major" ] ||
    [ "$(cat "$toolchain/node_modules/.lock-sha256" 2>/dev/null)" != "$(file_sha256 "$toolchain/package-lock.json")" ]; then
    system_major=$(node_major)
    if [ -z "$system_major" ] || [ "$system_major" -lt 20 ] || ! command -v npm >/dev/null; then
      echo "The functions run on Node.js $runtime_major (firebase.json). This machine has ${system_major:+Node.js $system_major}${system_major:-no Node.js}:" >&2
      echo "install Node.js $runtime_major, or Node.js 20 or newer with npm, and the scripts install Node.js $runtime_major for the project." >&2
      exit 1
    fi
    echo "Node.js $(node -v) is not the functions' runtime (nodejs$runtime_major): installing Node.js $runtime_major from the npm registry into scripts/toolchain" >&2
    (cd "$toolchain" && npm ci --no-audit --no-fund --loglevel=error >&2)
    file_sha256 "$toolchain/package-lock.json" >"$toolchain/node_modules/.lock-sha256"
  fi
  export PATH="$toolchain/node_modules/.bin:$PATH"
fi
# The workspace's tools (tsx, vitest, tsc...) and firebase-tools (installed apart: install.sh).
export PATH="$root/node_modules/.bin:$root/scripts/firebase-tools/node_modules/.bin:$PATH"
hash -r
