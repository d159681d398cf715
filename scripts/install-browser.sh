#!/usr/bin/env bash
# The PWA's browser tests drive Debian's Chromium with playwright-core (Playwright cannot
# download its own browser here). Installs it when missing: as root, or through sudo.
set -euo pipefail
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ -x "$chromium" ]; then exit 0; fi
if [ "$(id -u)" -eq 0 ]; then as_root=(); elif command -v sudo >/dev/null; then as_root=(sudo); else
  echo "The browser tests need Chromium at $chromium: apt-get install chromium (as root), or set CHROMIUM_PATH" >&2
  exit 1
fi
echo "installing Chromium (apt-get install chromium)"
export DEBIAN_FRONTEND=noninteractive
if ! "${as_root[@]}" apt-get install -y -q chromium >/dev/null; then
  "${as_root[@]}" apt-get update -q >/dev/null
  "${as_root[@]}" apt-get install -y -q chromium >/dev/null
fi
"$chromium" --version
