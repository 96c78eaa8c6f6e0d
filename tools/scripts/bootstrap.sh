#!/usr/bin/env bash
# Makes a fresh clone runnable: installs npm dependencies exactly as locked (again only when
# package-lock.json changed) and builds/caches the Temporal and MinIO servers (once per machine).
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v node >/dev/null || { echo "bootstrap: Node.js 20+ is required (node not found on PATH)" >&2; exit 1; }
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || { echo "bootstrap: Node.js 20+ is required, found $(node -v)" >&2; exit 1; }
stamp=node_modules/.seisdec-lock-sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "bootstrap: installing npm dependencies from package-lock.json" >&2
  # npm 11 on this machine writes lock files without other platforms' optional binaries (swc,
  # resolver bindings), which `npm ci` then rejects; `npm install` installs the same locked tree.
  npm ci --no-audit --no-fund --loglevel=error 2>/dev/null || npm install --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
# Headless Chromium (Debian's) for the Temporal UI screenshot test; playwright-core drives it.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bootstrap: installing Debian's chromium (for the Temporal UI test)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
  else
    echo "bootstrap: /usr/bin/chromium is missing; install Debian's chromium package (the Temporal UI test needs it)" >&2
  fi
fi
export PATH="$PATH:/usr/local/go/bin"
node_modules/.bin/tsx tools/devstack/src/main.ts provision >&2
