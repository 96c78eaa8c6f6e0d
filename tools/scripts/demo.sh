#!/usr/bin/env bash
# The main job: set up what is missing, bring the real dev stack up, run the pipeline on the
# bundled Luhu archive through Temporal, and print where to look.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tools/scripts/bootstrap.sh
exec tools/scripts/seisdec demo "$@"
