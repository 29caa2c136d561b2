#!/usr/bin/env bash
# Regenerates the Python client, clients/python/portal_client/, from frontend/openapi.json (which
# `cd frontend && npm run gen` writes from the live code) with the pinned openapi-python-client, and sets
# the package's version to the API's (`info.version`). The hand-kept helpers (portal_client_helpers/)
# and this directory's other files are never touched.
#
#   bash clients/python/generate.sh             regenerate in place
#   bash clients/python/generate.sh --setup     only (re)create the generator's venv (the package registry)
#   bash clients/python/generate.sh --out DIR   generate into DIR/portal_client (check.sh compares)
#
# Offline once set up: the generator reads one file and writes files. Deterministic: the generator and
# the ruff that formats its output are pinned (generator-requirements.txt, installed without resolving),
# and ruff runs with no configuration from disk.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${PORTAL_CLIENT_GEN_VENV:-$here/.venv-gen}"
spec="${PORTAL_OPENAPI:-$root/frontend/openapi.json}"
reqs="$here/generator-requirements.txt"
stamp="$venv/.installed-$(sha256sum "$reqs" | cut -c1-12)"

setup() {
  [ -f "$stamp" ] && return
  "${PYTHON:-python3}" -m venv --clear "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps -r "$reqs"
  "$venv/bin/python" -m pip check -q >/dev/null || { "$venv/bin/python" -m pip check >&2; exit 1; }
  touch "$stamp"
}

out="$here"
case "${1:-}" in
  "") ;;
  --setup) setup; exit 0 ;;
  --out) out="$(cd "${2:?--out needs a directory}" && pwd)" ;;
  *) echo "usage: $0 [--setup | --out DIR]" >&2; exit 2 ;;
esac
setup

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ! (cd "$work" && PATH="$venv/bin:$PATH" "$venv/bin/openapi-python-client" generate --path "$spec" \
      --config "$here/config.yaml" --meta none --output-path "$work/portal_client" >"$work/log" 2>&1); then
  cat "$work/log" >&2
  exit 1
fi
# What the generator skipped (OPTIONS discovery, Word downloads' bodies) is known and stable; a new
# skip is worth a look, so the count is printed.
echo "generate.sh: $(grep -c '^WARNING' "$work/log" || true) generator warnings (operations or bodies it skips)" >&2
find "$work/portal_client" \( -name __pycache__ -o -name .ruff_cache \) -prune -exec rm -rf {} +
rm -rf "$out/portal_client"
mv "$work/portal_client" "$out/portal_client"

version="$("$venv/bin/python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["info"]["version"])' "$spec")"
if [ "$out" = "$here" ]; then
  sed -i -E "s/^version = \"[^\"]*\"/version = \"$version\"/" "$here/pyproject.toml"
fi
echo "generate.sh: $out/portal_client generated from $spec (API version $version)" >&2
