#!/usr/bin/env bash
# Started by Playwright's webServer: the REAL backend on a fresh PostgreSQL database with the demo
# coalition, serving the built frontend from app/static (run `npm run build` first).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
port="${PORTAL_E2E_PORT:-8765}"
db="${PORTAL_E2E_DB:-portal_e2e}"
var_dir="${PORTAL_E2E_VAR_DIR:?set by playwright.config.ts}"
pg_host="${PORTAL_E2E_PG_HOST:-127.0.0.1}"
portal="$root/.venv/bin/portal"

[ -x "$portal" ] || { echo "start-backend: $portal missing (run 'make install')" >&2; exit 2; }
[ -f "$root/app/static/index.html" ] || { echo "start-backend: app/static is empty (run 'npm run build')" >&2; exit 2; }
bash "$root/infra/scripts/ensure-postgres.sh" >/dev/null

psql -h "$pg_host" -U postgres -v ON_ERROR_STOP=1 -qAt \
  -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" \
  -c "CREATE DATABASE \"$db\"" >/dev/null

rm -rf "$var_dir"
mkdir -p "$var_dir"
export PORTAL_ENV=development
export PORTAL_DATABASE_URL="postgresql+psycopg://postgres@$pg_host:5432/$db"
export PORTAL_VAR_DIR="$var_dir"
export PORTAL_PUBLIC_BASE_URL="http://127.0.0.1:$port"
export PORTAL_LOGIN_SLOWDOWN_SECONDS=0
export PORTAL_JOBS_TICK_SECONDS=0

cd "$root"
"$portal" db upgrade >/dev/null
"$portal" seed-demo >/dev/null
exec "$portal" serve --host 127.0.0.1 --port "$port" --no-migrate
