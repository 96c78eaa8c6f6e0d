#!/usr/bin/env bash
# Every check, from a fresh clone: set-up (npm ci, server builds, both cached), one real dev stack
# for the whole run, then lint, typecheck and every project's Jest suite through Nx, and one summary.
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$(date +%s)
bash tools/scripts/bootstrap.sh

profile="test-$$"
results=$(mktemp -d)
tsx=node_modules/.bin/tsx
cleanup() {
  "$tsx" tools/devstack/src/main.ts down --profile "$profile" --purge >/dev/null 2>&1 || true
  rm -rf "$results"
}
trap cleanup EXIT
"$tsx" tools/devstack/src/main.ts up --profile "$profile"

export SEISDEC_STACK_PROFILE="$profile" SEISDEC_JEST_RESULTS_DIR="$results" NX_DAEMON=false NX_NO_CLOUD=true
status=0
npx nx run-many -t lint typecheck --parallel=2 --outputStyle=static || status=1
npx nx run-many -t test --parallel=1 --outputStyle=stream || status=1
# Every project with a jest.config.cjs must report results (its displayName is its directory).
mapfile -t expected < <(find apps libs tools workflows infra -name jest.config.cjs -not -path '*/node_modules/*' -printf '%h\n' | sort)
node tools/jest/print-summary.cjs "$results" "${expected[@]}" || status=1
echo "total wall time: $(( $(date +%s) - started )) s"
exit $status
