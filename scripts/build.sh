#!/bin/sh
# Configure and build one tree. Usage: scripts/build.sh BUILD_DIR [extra cmake args...]
set -eu
dir=$1
shift
cmake -S "$(dirname "$0")/.." -B "$dir" -DRPMSG_WERROR=ON "$@" >"$dir.configure.log" 2>&1 ||
	{ cat "$dir.configure.log"; exit 1; }
cmake --build "$dir" -j"$(nproc)"
