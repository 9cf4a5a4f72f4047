#!/usr/bin/env bash
# `npm test`: install from the lockfile, lint, typecheck, build and run every
# package's tests. MySQL tests start their own MariaDB from the installed
# binary; browser tests use Debian's chromium. Without those packages the
# tests that need them are skipped with a line saying what to install
# (under CI=true they fail instead).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pnpm.sh

pnpm install --frozen-lockfile
status=0
pnpm exec biome check . || status=$?
rm -f packages/*/test-output/vitest.json apps/*/test-output/vitest.json
pnpm exec turbo run typecheck build test --continue --output-logs=errors-only "$@" ||
  status=$?
node tools/test-summary.mjs
exit "$status"
