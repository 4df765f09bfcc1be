#!/bin/sh
# Install every Debian 12 package rpmsg-scope needs to build, test and run. Idempotent: packages
# already present are left alone and apt is not touched at all when nothing is missing.
set -eu

PACKAGES="build-essential cmake pkg-config clang llvm libclang-rt-14-dev \
libbpf-dev bpftool linux-libc-dev \
liblttng-ust-dev lttng-tools liblttng-ctl-dev \
babeltrace2 libbabeltrace2-dev \
libncurses-dev ncurses-term systemtap-sdt-dev \
tmux procps util-linux jq time iproute2 bpftrace python3"

missing=""
for pkg in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $pkg"
	fi
done

if [ -z "$missing" ]; then
	echo "install-deps: all packages present"
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
echo "install-deps: installing:$missing"
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
