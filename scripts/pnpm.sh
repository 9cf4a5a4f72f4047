# Sourced by the root scripts: runs the pinned pnpm without a global install.
# pnpm 11+ crashes on Node 20, so the version is pinned (see package.json).
PNPM_VERSION=10.34.9
if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then
  pnpm() { command pnpm "$@"; }
else
  pnpm() { npx -y "pnpm@$PNPM_VERSION" "$@"; }
fi
export TURBO_TELEMETRY_DISABLED=1
export DO_NOT_TRACK=1
