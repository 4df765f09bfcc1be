#!/bin/sh
# Configure and build one tree. Usage: scripts/build.sh BUILD_DIR [extra cmake args...]
# RPMSG_BUILD_TARGET=T builds only target T (the cross trees build rpmsg-unit-tests).
set -eu
dir=$1
shift
cmake -S "$(dirname "$0")/.." -B "$dir" -DRPMSG_WERROR=ON "$@" >"$dir.configure.log" 2>&1 ||
	{ cat "$dir.configure.log"; exit 1; }
# what the configuration decided for the user to know (e.g. "BPF off for armv7: ...")
grep -E '^-- BPF off' "$dir.configure.log" || true
cmake --build "$dir" -j"$(nproc)" ${RPMSG_BUILD_TARGET:+--target "$RPMSG_BUILD_TARGET"}
