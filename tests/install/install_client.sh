#!/bin/sh
# Usage: install_client.sh BUILD_DIR CLIENT_C
# Installs BUILD_DIR into a scratch prefix, compiles CLIENT_C with pkg-config rpmsgbus, runs it.
set -eu
build=$1
client=$2
prefix=$(mktemp -d /tmp/rpmsg-install.XXXXXX)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >"$prefix/install.log" 2>&1 || { cat "$prefix/install.log"; exit 1; }
for f in bin/rpmsg-sim bin/rpmsg-trace include/rpmsg/bus.h include/rpmsg/rpmsg.h \
	include/rpmsg/monitor.h include/rpmsg-scope/event.h; do
	[ -e "$prefix/$f" ] || { echo "install: $f missing"; exit 1; }
done
pc=$(find "$prefix" -name rpmsgbus.pc | head -n 1)
[ -n "$pc" ] || { echo "install: rpmsgbus.pc missing"; exit 1; }
export PKG_CONFIG_PATH=$(dirname "$pc")
libdir=$(pkg-config --variable=libdir rpmsgbus)
# shellcheck disable=SC2046
cc -std=gnu11 -Wall -Werror "$client" -o "$prefix/client" $(pkg-config --cflags --libs rpmsgbus) \
	-Wl,-rpath,"$libdir"
"$prefix/client"
