#!/usr/bin/env bash
# Fails when the Python client is stale, like `npm run check-client` for the frontend's:
#   1. frontend/openapi.json against the document the live code builds,
#   2. clients/python/portal_client/ against a fresh generation from it (into a temporary directory),
#   3. the package's version against the API's.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

bash "$root/frontend/scripts/dump-openapi.sh" >"$tmp/openapi.json"
if ! cmp -s "$tmp/openapi.json" "$root/frontend/openapi.json"; then
  echo "check.sh: frontend/openapi.json is stale: run 'cd frontend && npm run gen', then 'bash clients/python/generate.sh'" >&2
  exit 1
fi
mkdir "$tmp/gen"
PORTAL_OPENAPI="$root/frontend/openapi.json" bash "$here/generate.sh" --out "$tmp/gen" 2>"$tmp/log" || {
  cat "$tmp/log" >&2
  exit 1
}
if ! diff -r -x __pycache__ "$tmp/gen/portal_client" "$here/portal_client" >"$tmp/diff"; then
  head -60 "$tmp/diff" >&2
  echo "check.sh: clients/python/portal_client/ is stale: run 'bash clients/python/generate.sh'" >&2
  exit 1
fi
api="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["info"]["version"])' "$root/frontend/openapi.json")"
package="$(sed -n -E 's/^version = "([^"]*)"/\1/p' "$here/pyproject.toml")"
if [ "$api" != "$package" ]; then
  echo "check.sh: clients/python/pyproject.toml has version $package, the API $api: run generate.sh" >&2
  exit 1
fi
echo "check.sh: the Python client is current (API version $api)"
