#!/usr/bin/env bash
# Regenerates frontend/openapi.json from the live backend code, then frontend/src/client/ from it.
# Run after any change to the API (`npm run gen`); `npm run check-client` fails when they are stale.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/dump-openapi.sh > openapi.json.tmp
mv openapi.json.tmp openapi.json
npx --no-install openapi-ts
echo "gen-openapi: openapi.json and src/client/ regenerated"
