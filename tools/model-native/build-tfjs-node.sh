#!/usr/bin/env bash
# Builds @tensorflow/tfjs-node's native addon from source against the libtensorflow shipped inside
# the tensorflow-cpu wheel from PyPI (the same wheel the bench/model peer uses), without running
# tfjs-node's install script (which would download a prebuilt libtensorflow from outside the
# package registries). Prints the node_modules folder that holds the built package; point
# SEISDEC_TFJS_NODE_MODULES at it and initBackend() can choose the 'tensorflow' backend.
#
# Optional and cached per user: nothing in the repository requires it to build or test.
#   usage: export SEISDEC_TFJS_NODE_MODULES=$(tools/model-native/build-tfjs-node.sh)
# Needs: g++, make, python3 (node-gyp), Node's headers (include/node beside the node binary).
#
# Steps (all from registries): 1. tensorflow-cpu wheel into a venv (tools/scripts/pyenv.sh);
# 2. npm install --ignore-scripts @tensorflow/tfjs-node into a cache folder; 3. deps/include ->
# the wheel's include/, deps/lib/libtensorflow{,_cc}.so[.2] -> libtensorflow_cc.so.2 (TFE_* eager
# C API) and libtensorflow_framework.so[.2] (TF_Status/TF_Tensor C API); 4. node-gyp rebuild
# with npm's bundled node-gyp; 5. a smoke test that the addon loads and runs a conv gradient.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tfjs_node_version=4.22.0
cache="${SEISDEC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/seisdec}"

venv=$("$root/tools/scripts/pyenv.sh" "$root/bench/model/requirements.txt")
tf_dir=$("$venv/bin/python" - <<'PY'
import importlib.util, os
spec = importlib.util.find_spec("tensorflow")
print(os.path.dirname(spec.origin))
PY
)
tf_version=$("$venv/bin/python" -c "import importlib.metadata as m; print(m.version('tensorflow-cpu'))")
[ -f "$tf_dir/libtensorflow_cc.so.2" ] && [ -f "$tf_dir/libtensorflow_framework.so.2" ] && [ -f "$tf_dir/include/tensorflow/c/eager/c_api.h" ] || {
  echo "build-tfjs-node: $tf_dir lacks libtensorflow_cc.so.2 / libtensorflow_framework.so.2 / C headers" >&2
  exit 1
}

node_bin=$(command -v node)
node_include="$(dirname "$(dirname "$(readlink -f "$node_bin")")")"
[ -f "$node_include/include/node/node_api.h" ] || { echo "build-tfjs-node: no Node headers under $node_include/include/node" >&2; exit 1; }
node_gyp="$(dirname "$(dirname "$(readlink -f "$node_bin")")")/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"
[ -f "$node_gyp" ] || { echo "build-tfjs-node: npm's bundled node-gyp not found at $node_gyp" >&2; exit 1; }

dest="$cache/tfjs-node/${tfjs_node_version}-tf${tf_version}-node$(node -p 'process.versions.modules')"
if [ -f "$dest/.complete" ]; then echo "$dest/node_modules"; exit 0; fi
mkdir -p "$cache/tfjs-node"
exec 9>"$dest.lock"
flock 9
if [ ! -f "$dest/.complete" ]; then
  rm -rf "$dest" && mkdir -p "$dest"
  echo '{"name":"seisdec-tfjs-node-build","private":true}' >"$dest/package.json"
  npm install --prefix "$dest" --ignore-scripts --no-audit --no-fund --loglevel=error "@tensorflow/tfjs-node@$tfjs_node_version" >&2
  pkg="$dest/node_modules/@tensorflow/tfjs-node"
  mkdir -p "$pkg/deps/lib"
  ln -sfn "$tf_dir/include" "$pkg/deps/include"
  for name in libtensorflow.so libtensorflow_cc.so.2; do ln -sfn "$tf_dir/libtensorflow_cc.so.2" "$pkg/deps/lib/$name"; done
  for name in libtensorflow_framework.so libtensorflow_framework.so.2; do ln -sfn "$tf_dir/libtensorflow_framework.so.2" "$pkg/deps/lib/$name"; done
  napi=$(node -p "require('$pkg/package.json').binary.napi_versions.filter(v => v <= Number(process.versions.napi)).pop()")
  (cd "$pkg" && node "$node_gyp" rebuild --nodedir="$node_include" --napi_build_version="$napi" \
    --module_name=tfjs_binding --module_path="$pkg/lib/napi-v$napi" >&2)
  # tfjs-node looks for lib/napi-v{process.versions.napi}; link that name to the build if it differs.
  [ -e "$pkg/lib/napi-v$(node -p process.versions.napi)" ] || ln -sfn "napi-v$napi" "$pkg/lib/napi-v$(node -p process.versions.napi)"
  (cd "$dest" && TF_CPP_MIN_LOG_LEVEL=2 node -e "
    const tf = require('@tensorflow/tfjs-node');
    const g = tf.grad((x) => tf.conv2d(x, tf.ones([3, 3, 1, 2]), 2, 'same').sum())(tf.ones([1, 4, 4, 1]));
    if (tf.getBackend() !== 'tensorflow' || g.shape.join() !== '1,4,4,1') process.exit(1);
  " >&2)
  touch "$dest/.complete"
fi
echo "$dest/node_modules"
