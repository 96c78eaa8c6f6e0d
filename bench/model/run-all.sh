#!/usr/bin/env bash
# Runs every model benchmark in this folder (*.bench.ts) in name order; each prints its own table.
set -euo pipefail
cd "$(dirname "$0")/../.."
for bench in bench/model/*.bench.ts; do
  echo "=== $bench"
  npx tsx "$bench"
done
