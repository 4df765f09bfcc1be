#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Builds the virtual board's artifacts from Debian packages, into a directory of the build tree.
# CMake (board/CMakeLists.txt) calls one step per artifact, so each is built once and cached.
#
#   vboard-kit.sh version                     the kernel ABI linux-image-amd64 depends on (6.1.0-N)
#   vboard-kit.sh check                       exit 0 if the host has every package the kit needs,
#                                             else print what is missing and exit 1
#   vboard-kit.sh kernel OUT                  OUT/vmlinuz, OUT/vmlinux (for BTF), OUT/config,
#                                             OUT/modules/*.ko (virtio, virtio_ring, virtio_pci*),
#                                             OUT/version; from `apt-get download`, not installed;
#                                             OUT/src: what the kit needs from linux-source-6.1
#   vboard-kit.sh rpmsg-modules KERNEL OUT KBUILD
#                                             the kernel's drivers/rpmsg modules, out of tree, from
#                                             KERNEL/src, with module BTF
#   vboard-kit.sh guest-module KERNEL OUT SRCDIR
#                                             our shim (board/guest/rpmsg_vboard.c), with BTF
#   vboard-kit.sh initramfs OUT.cpio.gz KERNEL RPMSG GUEST INIT [PROGRAM...]
#                                             busybox-static, /init, the modules and PROGRAMs
#                                             (statically linked) in /usr/bin
#
# Nothing here is pinned to a kernel version: the version is what linux-image-amd64 depends on
# today, and image, headers and source must all be of that version.
set -eu

die() {
	echo "vboard-kit: $*" >&2
	exit 1
}

# The ABI name of Debian's current 6.1 amd64 kernel, e.g. 6.1.0-57.
kernel_abi() {
	abi=$(apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\(6\.1\.[0-9]*-[0-9]*\)-amd64$/\1/p' | head -n 1)
	[ -n "$abi" ] || die "cannot resolve the kernel linux-image-amd64 depends on (apt-get update?)"
	echo "$abi"
}

headers_dir() {
	echo "/usr/src/linux-headers-$1-amd64"
}

source_tarball=/usr/src/linux-source-6.1.tar.xz

# What is missing for the kit, one line each (nothing when all is there).
missing() {
	abi=$(kernel_abi 2>/dev/null) || {
		echo "apt metadata for linux-image-amd64"
		return
	}
	command -v qemu-system-x86_64 >/dev/null || echo "qemu-system-x86"
	[ -f "$source_tarball" ] || echo "linux-source-6.1"
	[ -d "$(headers_dir "$abi")" ] || echo "linux-headers-$abi-amd64"
	command -v pahole >/dev/null || echo "dwarves (pahole)"
	[ -x /bin/busybox ] && file_is_static /bin/busybox || echo "busybox-static"
	command -v cpio >/dev/null || echo "cpio"
	command -v xz >/dev/null || echo "xz-utils"
	command -v dpkg-deb >/dev/null || echo "dpkg"
	command -v make >/dev/null || echo "make"
	# Image, headers and source must be one version, or the modules will not load.
	if [ -f "$source_tarball" ] && [ -d "$(headers_dir "$abi")" ]; then
		src=$(dpkg-query -W -f '${Version}' linux-source-6.1 2>/dev/null || true)
		hdr=$(dpkg-query -W -f '${Version}' "linux-headers-$abi-amd64" 2>/dev/null || true)
		[ "$src" = "$hdr" ] || echo "linux-source-6.1 $src does not match headers $hdr"
	fi
}

file_is_static() {
	# A static busybox has no program interpreter.
	! LC_ALL=C readelf -l "$1" 2>/dev/null | grep -q 'INTERP'
}

# What the kit needs from the source package, unpacked in one pass over the 140 MB tarball:
# extract-vmlinux and the five rpmsg drivers with their private headers (never into the repository).
rpmsg_sources="rpmsg_core.c rpmsg_ns.c rpmsg_char.c rpmsg_char.h rpmsg_ctrl.c rpmsg_internal.h
virtio_rpmsg_bus.c"
unpack_sources() {
	members=linux-source-6.1/scripts/extract-vmlinux
	for f in $rpmsg_sources; do
		members="$members linux-source-6.1/drivers/rpmsg/$f"
	done
	rm -rf "$1"
	mkdir -p "$1"
	# shellcheck disable=SC2086
	tar -xJf "$source_tarball" -C "$1" --strip-components=1 --occurrence $members ||
		die "cannot unpack $members from $source_tarball"
}

step_kernel() {
	out=$1
	abi=$(kernel_abi)
	pkg="linux-image-$abi-amd64"
	mkdir -p "$out/deb" "$out/modules"
	rm -f "$out"/deb/*.deb
	# apt-get download writes into the current directory; _apt cannot write into a private
	# build tree, so it warns and downloads as root: harmless.
	(cd "$out/deb" && apt-get download -q "$pkg" 2>&1 | grep -v 'unsandboxed' >&2) || true
	deb=$(ls "$out"/deb/"$pkg"_*.deb 2>/dev/null | head -n 1)
	[ -n "$deb" ] || die "apt-get download $pkg failed"
	rm -rf "$out/root"
	mkdir -p "$out/root"
	kdir=./lib/modules/$abi-amd64/kernel/drivers/virtio
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$out/root" "./boot/vmlinuz-$abi-amd64" \
		"./boot/config-$abi-amd64" "$kdir/virtio.ko" "$kdir/virtio_ring.ko" \
		"$kdir/virtio_pci.ko" "$kdir/virtio_pci_modern_dev.ko" "$kdir/virtio_pci_legacy_dev.ko"
	cp "$out/root/boot/vmlinuz-$abi-amd64" "$out/vmlinuz"
	cp "$out/root/boot/config-$abi-amd64" "$out/config"
	cp "$out/root/$kdir"/*.ko "$out/modules/"
	unpack_sources "$out/src"
	sh "$out/src/scripts/extract-vmlinux" "$out/vmlinuz" >"$out/vmlinux.tmp" ||
		die "cannot extract vmlinux from $out/vmlinuz"
	mv "$out/vmlinux.tmp" "$out/vmlinux"
	rm -rf "$out/root" "$out/deb"
	echo "$abi" >"$out/version"
	echo "vboard-kit: kernel $abi-amd64 in $out"
}

# An absolute path for DIR, created if needed (kbuild's M= must be absolute).
absdir() {
	mkdir -p "$1" && (cd "$1" && pwd)
}

# Module BTF: kbuild skips it because the headers package has no vmlinux.
add_btf() {
	vmlinux=$1
	shift
	for ko in "$@"; do
		pahole -J --btf_gen_floats -j --lang_exclude=rust --btf_base "$vmlinux" "$ko" ||
			die "pahole failed on $ko"
	done
}

kbuild() {
	abi=$(cat "$1/version")
	hdr=$(headers_dir "$abi")
	[ -d "$hdr" ] || die "$hdr missing: install linux-headers-$abi-amd64 (scripts/install-deps.sh)"
	make -s -C "$hdr" M="$2" modules >"$2/kbuild.log" 2>&1 || {
		cat "$2/kbuild.log" >&2
		die "kbuild failed in $2"
	}
}

step_rpmsg_modules() {
	kernel=$(absdir "$1") out=$2 kbuild_file=$3
	rm -rf "$out"
	out=$(absdir "$out")
	for f in $rpmsg_sources; do
		cp "$kernel/src/drivers/rpmsg/$f" "$out/"
	done
	cp "$kbuild_file" "$out/Kbuild"
	kbuild "$kernel" "$out"
	add_btf "$kernel/vmlinux" "$out"/*.ko
	echo "vboard-kit: rpmsg modules in $out: $(cd "$out" && echo *.ko)"
}

step_guest_module() {
	kernel=$(absdir "$1") out=$2 src=$3
	rm -rf "$out"
	out=$(absdir "$out")
	cp "$src/rpmsg_vboard.c" "$src/Kbuild" "$out/"
	kbuild "$kernel" "$out"
	add_btf "$kernel/vmlinux" "$out/rpmsg_vboard.ko"
	echo "vboard-kit: guest module $out/rpmsg_vboard.ko"
}

step_initramfs() {
	out=$1 kernel=$2 rpmsg=$3 guest=$4 init=$5
	shift 5
	root=$out.root
	rm -rf "$root"
	mkdir -p "$root/bin" "$root/usr/bin" "$root/lib/modules/vboard" "$root/etc"
	file_is_static /bin/busybox || die "/bin/busybox is not static: install busybox-static"
	cp /bin/busybox "$root/bin/busybox"
	cp "$init" "$root/init"
	chmod 0755 "$root/init"
	m=$root/lib/modules/vboard
	# Load order, dependencies first; the kind tells /init which to skip or give dyndbg.
	{
		echo "virtio_ring virtio"
		echo "virtio virtio"
		for name in rpmsg_core rpmsg_ns rpmsg_char rpmsg_ctrl virtio_rpmsg_bus; do
			cp "$rpmsg/$name.ko" "$m/"
			echo "$name rpmsg"
		done
		cp "$guest/rpmsg_vboard.ko" "$m/"
		echo "rpmsg_vboard shim"
		echo "virtio_pci_legacy_dev pci"
		echo "virtio_pci_modern_dev pci"
		echo "virtio_pci pci"
	} >"$m/order"
	cp "$kernel"/modules/*.ko "$m/"
	for program in "$@"; do
		file_is_static "$program" || die "$program is not statically linked"
		cp "$program" "$root/usr/bin/"
	done
	cat "$kernel/version" >"$root/etc/vboard-kernel"
	# Owned by root, in a stable order, so that the image only changes when its content does.
	(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -6 -n >"$out.tmp"
	mv "$out.tmp" "$out"
	rm -rf "$root"
	echo "vboard-kit: initramfs $out ($(du -k "$out" | cut -f1) KiB)"
}

[ $# -ge 1 ] ||
	die "usage: vboard-kit.sh version|check|kernel|rpmsg-modules|guest-module|initramfs ..."
step=$1
shift
case "$step" in
version) kernel_abi ;;
check)
	m=$(missing)
	[ -z "$m" ] && exit 0
	echo "$m"
	exit 1
	;;
kernel) step_kernel "$@" ;;
rpmsg-modules) step_rpmsg_modules "$@" ;;
guest-module) step_guest_module "$@" ;;
initramfs) step_initramfs "$@" ;;
*) die "unknown step $step" ;;
esac
