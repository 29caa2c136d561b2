#!/usr/bin/env bash
# Builds the web frontend into app/static (served by the backend at /).
# Installs node_modules with `npm ci` when they are missing or package-lock.json changed since.
set -euo pipefail
cd "$(dirname "$0")/../../frontend"
# One install/build at a time per checkout (two `make test` in one tree would corrupt node_modules).
exec 8>"${TMPDIR:-/tmp}/portal-frontend-build-$(pwd | sha256sum | cut -c1-12).lock"
flock 8
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
stamp=node_modules/.package-lock.sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -d node_modules ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "frontend: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
npm run --silent build
