#!/usr/bin/env bash
# The frontend's checks: build, type check, unit tests (Vitest), generated-client staleness, then the
# browser tests (Playwright on Debian's /usr/bin/chromium against the real backend on PostgreSQL).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm_config_update_notifier=false
start=$SECONDS
step() { printf '\n== frontend: %s (%ss)\n' "$1" "$((SECONDS - start))"; }

step build
bash "$root/infra/scripts/build-frontend.sh"
cd "$root/frontend"
step typecheck
npm run --silent typecheck
step "unit tests"
npx --no-install vitest run
step "generated API client"
npm run --silent check-client
step "browser tests"
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || { echo "chromium missing: apt-get install chromium" >&2; exit 1; }
# The e2e backend owns port 8765 and the database portal_e2e: one run at a time on a machine.
exec 9>"${TMPDIR:-/tmp}/portal-frontend-e2e.lock"
flock 9
npx --no-install playwright test --reporter=list
step done
