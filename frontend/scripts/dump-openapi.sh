#!/usr/bin/env bash
# Prints the backend's OpenAPI schema (as `app.openapi()` builds it) to stdout.
# Uses the project's venv; PORTAL_VAR_DIR points to a throw-away directory so nothing lands in ./var.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
python="${PORTAL_PYTHON:-$root/.venv/bin/python}"
if [ ! -x "$python" ]; then
  echo "dump-openapi: no Python at $python (run 'make install' at the repository root)" >&2
  exit 2
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$root"
PORTAL_VAR_DIR="$tmp" PORTAL_ENV=development PORTAL_DATABASE_URL="" "$python" -c '
import json, sys
from app.main import create_app
sys.stdout.write(json.dumps(create_app().openapi(), indent=2, ensure_ascii=False) + "\n")
' 2>"$tmp/stderr" || { cat "$tmp/stderr" >&2; exit 1; }
