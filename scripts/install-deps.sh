#!/bin/sh
# Install every Debian 12 package rpmsg-scope needs to build, test and run. Idempotent: packages
# already present are left alone and apt is not touched at all when nothing is missing.
set -eu

PACKAGES="build-essential cmake pkg-config clang llvm libclang-rt-14-dev \
libbpf-dev bpftool linux-libc-dev \
liblttng-ust-dev lttng-tools liblttng-ctl-dev \
babeltrace2 libbabeltrace2-dev \
libncurses-dev ncurses-term systemtap-sdt-dev \
tmux procps util-linux jq time iproute2 bpftrace python3 man-db groff-base \
qemu-system-x86 linux-source-6.1 linux-kbuild-6.1 dwarves busybox-static xz-utils cpio"

if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi

# The virtual board (board/) builds modules for Debian's current kernel, the one
# linux-image-amd64 depends on: its headers package is named after that version.
kernel_abi() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\(6\.1\.[0-9]*-[0-9]*\)-amd64$/\1/p' | head -n 1
}
abi=$(kernel_abi)
if [ -z "$abi" ]; then
	$SUDO apt-get update -qq
	abi=$(kernel_abi)
fi
[ -n "$abi" ] || { echo "install-deps: cannot resolve Debian's current kernel" >&2; exit 1; }
PACKAGES="$PACKAGES linux-headers-$abi-amd64"

# ARM boards (docs/boards.md): Debian's cross compilers, qemu-user to run the cross-built tests,
# and the target's -dev packages from its multiarch archive (installed beside the amd64 ones).
# Each arch must be added to dpkg once; apt needs an update to see its packages.
CROSS_ARCHES="arm64 armhf"
CROSS_DEV="libc6-dev libbpf-dev liblttng-ust-dev liblttng-ctl-dev libbabeltrace2-dev \
libncurses-dev systemtap-sdt-dev"
PACKAGES="$PACKAGES gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf qemu-user"
added_arch=""
for arch in $CROSS_ARCHES; do
	if ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
		$SUDO dpkg --add-architecture "$arch"
		added_arch=yes
	fi
	for dev in $CROSS_DEV; do
		PACKAGES="$PACKAGES $dev:$arch"
	done
done
[ -z "$added_arch" ] || $SUDO apt-get update -qq

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

echo "install-deps: installing:$missing"
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
