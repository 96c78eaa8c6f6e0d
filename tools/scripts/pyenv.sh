#!/usr/bin/env bash
# Prints the path of a Python virtualenv that has the packages listed in the given requirements
# files, creating it on first use. Envs live in the per-user cache (never in the repo), keyed by a
# hash of the requirements, so fixture generators and benchmark peers reuse them across clones.
# Python is used only by tools/ (reference fixtures) and bench/ (peer comparisons), never at run time.
#   usage: PY=$(tools/scripts/pyenv.sh tools/fixtures/dsp/requirements.txt)/bin/python
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 requirements.txt [more.txt...]" >&2; exit 2; }
cache="${SEISDEC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/seisdec}"
key=$(cat "$@" | sort -u | sha256sum | cut -c1-12)
env_dir="$cache/pyenv/$key"
if [ ! -x "$env_dir/bin/python" ] || [ ! -f "$env_dir/.complete" ]; then
  mkdir -p "$cache/pyenv"
  exec 9>"$cache/pyenv/$key.lock"
  flock 9
  if [ ! -f "$env_dir/.complete" ]; then
    rm -rf "$env_dir"
    python3 -m venv "$env_dir" >&2
    "$env_dir/bin/pip" install -q --disable-pip-version-check --upgrade pip >&2
    for req in "$@"; do "$env_dir/bin/pip" install -q --disable-pip-version-check -r "$req" >&2; done
    touch "$env_dir/.complete"
  fi
fi
echo "$env_dir"
