#!/usr/bin/env bash
# Installs Debian's dataset-fashion-mnist (IDX files under /usr/share/datasets/fashion-mnist) when missing.
set -euo pipefail
DIR=/usr/share/datasets/fashion-mnist
if [ -f "$DIR/train-images-idx3-ubyte.gz" ]; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
$SUDO apt-get update
$SUDO apt-get install -y dataset-fashion-mnist
test -f "$DIR/train-images-idx3-ubyte.gz"
