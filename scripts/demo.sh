#!/usr/bin/env bash
# `npm run demo`: install from the lockfile, build, then run the demo.
# Extra arguments go to the demo (e.g. npm run demo -- --reset).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pnpm.sh

pnpm install --frozen-lockfile
pnpm exec turbo run build --filter=@tokenledger/demo... --output-logs=errors-only
exec node apps/demo/dist/main.js "$@"
