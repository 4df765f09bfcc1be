#!/bin/sh
# Usage: install_client.sh BUILD_DIR CLIENT_C
# Installs BUILD_DIR into a scratch prefix, compiles CLIENT_C with pkg-config rpmsgbus, runs it.
. "$(dirname "$0")/../include/lib.sh"
set -eu
build=$1
client=$2
tmpdir_make install
prefix=$TMP
cmake --install "$build" --prefix "$prefix" >"$prefix/install.log" 2>&1 || fail "cmake --install"
for f in bin/rpmsg-sim bin/rpmsg-trace include/rpmsg/bus.h include/rpmsg/rpmsg.h \
	include/rpmsg/monitor.h include/rpmsg-scope/event.h; do
	[ -e "$prefix/$f" ] || fail "install: $f missing"
done
pc=$(find "$prefix" -name rpmsgbus.pc | head -n 1)
[ -n "$pc" ] || fail "install: rpmsgbus.pc missing"
export PKG_CONFIG_PATH=$(dirname "$pc")
libdir=$(pkg-config --variable=libdir rpmsgbus)
# shellcheck disable=SC2046
cc -std=gnu11 -Wall -Werror "$client" -o "$prefix/client" $(pkg-config --cflags --libs rpmsgbus) \
	-Wl,-rpath,"$libdir"
"$prefix/client"
