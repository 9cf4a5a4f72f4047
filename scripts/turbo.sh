#!/usr/bin/env bash
# The root build, typecheck and bench scripts: turbo through the pinned pnpm
# (scripts/pnpm.sh), so they work where pnpm is not installed globally.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pnpm.sh

pnpm exec turbo run "$@"
