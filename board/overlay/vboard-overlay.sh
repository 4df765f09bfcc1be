#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Build the virtual board's tool overlay: a gzipped cpio holding our programs, the shared
# libraries `ldd` lists for them (and the ld.so), babeltrace2's system plugins (rpmsg-trace
# report reads CTF through them) and extra files. Appended to the kit's initramfs (the kernel
# unpacks concatenated archives one after the other), it puts the tools into the guest without
# a root file system.
#
# usage: vboard-overlay.sh OUT.cpio.gz [--file SRC=DST]... PROGRAM...
#   PROGRAM   host executable, installed as /usr/bin/<its name>
#   --file    a file installed at DST (a test script, a decoder file)
# Libraries keep their host paths (/lib/x86_64-linux-gnu/...); a library found elsewhere (a
# build tree's librpmsgbus.so.0) goes to /usr/lib, which the guest's ld.so searches.
set -eu

out=${1:?usage: vboard-overlay.sh OUT.cpio.gz [--file SRC=DST]... PROGRAM...}
shift
stage=$(mktemp -d "${TMPDIR:-/tmp}/vboard-overlay.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/usr/bin" "$stage/usr/lib" "$stage/lib64"

plugins=
for dir in /usr/lib/x86_64-linux-gnu/babeltrace2/plugins /usr/lib/babeltrace2/plugins; do
	if [ -d "$dir" ]; then
		plugins=$dir
		break
	fi
done

# copy_libs FILE: every library FILE needs, at its host path (or /usr/lib when it is not a
# system library), plus the dynamic loader.
copy_libs() {
	ldd "$1" | while read -r a b c d; do
		case "$a" in
		/*) lib=$a ;; # the loader: "/lib64/ld-linux-x86-64.so.2 (0x...)"
		*) [ "$b" = "=>" ] && [ -n "$c" ] && [ "${c#/}" != "$c" ] || continue
		   lib=$c ;;
		esac
		case "$lib" in
		/lib/* | /lib64/* | /usr/lib/x86_64-linux-gnu/*) dest=$stage$lib ;;
		*) dest=$stage/usr/lib/$(basename "$lib") ;;
		esac
		if [ ! -e "$dest" ]; then
			mkdir -p "$(dirname "$dest")"
			cp -L "$lib" "$dest"
		fi
	done
}

while [ $# -gt 0 ]; do
	case "$1" in
	--file)
		src=${2%%=*}
		dst=${2#*=}
		mkdir -p "$stage$(dirname "$dst")"
		cp -L "$src" "$stage$dst"
		shift 2
		;;
	*)
		cp -L "$1" "$stage/usr/bin/$(basename "$1")"
		copy_libs "$1"
		shift
		;;
	esac
done

if [ -n "$plugins" ]; then
	mkdir -p "$stage$plugins"
	for p in "$plugins"/*.so; do
		cp -L "$p" "$stage$p"
		copy_libs "$p"
	done
fi
# busybox's /lib may not exist in the kit's archive: the loader's usual paths must.
[ -e "$stage/lib64/ld-linux-x86-64.so.2" ] || cp -L /lib64/ld-linux-x86-64.so.2 "$stage/lib64/"

(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) | gzip -6 >"$out.tmp"
mv "$out.tmp" "$out"
