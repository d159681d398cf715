#!/usr/bin/env bash
# The scaffold test installs a new project the way a user does, `npm install` from version
# ranges, but offline (tests talk to 127.0.0.1 only): npm then needs the registry's metadata of
# every package in the tree, which `npm ci` of a lock file never fetches. This install step
# fetches it once, into npm's cache, by installing the same dependencies in a scratch folder
# for each folder the project installs: its root (firebase-tools and the testing kit's harness)
# and functions/ (the template's third-party ones and those of every package of the workspace).
# npm resolves each tree on its own (an optional dependency deep in firebase-tools' tree was
# missing when both were warmed in one), hence one scratch each. A stamp with their hash makes a
# second run instant.
set -euo pipefail
source "$(dirname "$0")/lib/node.sh"
cd "$root"

template=packages/create-firebase-event-store/template
project_root=("$template/package.json" packages/kernel/package.json packages/testing/package.json)
functions=("$template/functions/package.json" packages/*/package.json)
manifests=("${project_root[@]}" "${functions[@]}")
stamp=node_modules/.npm-cache-warm
want="$(cat "${manifests[@]}" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(require("crypto").createHash("sha256").update(s).digest("hex")))')"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then exit 0; fi

# warm <manifest>...: installs the third-party dependencies of these manifests in a scratch folder.
warm() {
  local scratch
  scratch="$(mktemp -d)"
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
  ' "$scratch" "$@"
  (cd "$scratch" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error)
  rm -rf "$scratch"
}
echo "fetching the registry's metadata of the scaffold's dependencies (npm cache)"
warm "${project_root[@]}"
warm "${functions[@]}"
echo "$want" >"$stamp"
