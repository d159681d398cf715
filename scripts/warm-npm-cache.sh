#!/usr/bin/env bash
# The scaffold test installs a new project the way a user does, `npm install` from version
# ranges, but offline (tests talk to 127.0.0.1 only): npm then needs the registry's metadata of
# every package in the tree, which `npm ci` of a lock file never fetches. This install step
# fetches it once, into npm's cache, by installing the same dependencies in a scratch folder:
# the template's third-party ones and those of every package of the workspace. A stamp with
# their hash makes a second run instant.
set -euo pipefail
source "$(dirname "$0")/lib/node.sh"
cd "$root"

manifests=(packages/create-firebase-event-store/template/functions/package.json packages/*/package.json)
stamp=node_modules/.npm-cache-warm
want="$(cat "${manifests[@]}" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(require("crypto").createHash("sha256").update(s).digest("hex")))')"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then exit 0; fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
node -e '
  const fs = require("fs");
  const [scratch, ...files] = process.argv.slice(1);
  const deps = {};
  for (const file of files) {
    const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
    for (const kind of ["dependencies", "devDependencies", "peerDependencies"])
      for (const [name, range] of Object.entries(manifest[kind] ?? {}))
        if (!name.startsWith("@firebase-event-store/")) deps[name] ??= range;
  }
  fs.writeFileSync(scratch + "/package.json", JSON.stringify({ name: "warm", private: true, dependencies: deps }));
' "$scratch" "${manifests[@]}"
echo "fetching the registry's metadata of the scaffold's dependencies (npm cache)"
(cd "$scratch" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error)
echo "$want" >"$stamp"
