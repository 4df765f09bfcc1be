#!/bin/sh
# Regenerate bpf/vmlinux/<arch>/vmlinux.h from Debian's kernel package for that arch (README.md).
# Usage: sh bpf/vmlinux/gen-vmlinux-h.sh DEBIAN_ARCH [OUT]     e.g. arm64 bpf/vmlinux/arm64/vmlinux.h
# Needs: apt-get (the arch added with dpkg --add-architecture), dpkg-deb, python3, bpftool.
set -eu
arch=$1
here=$(cd "$(dirname "$0")" && pwd)
case $arch in
arm64) flavour=arm64 dir=arm64 ;;
amd64) flavour=amd64 dir=x86 ;;
*) echo "gen-vmlinux-h: no Debian kernel with BTF known for '$arch'" >&2; exit 1 ;;
esac
out=${2:-$here/$dir/vmlinux.h}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The kernel linux-image-$flavour depends on today (the ABI changes with Debian's updates).
pkg=$(apt-cache depends "linux-image-$flavour:$arch" |
	sed -n "s/^ *Depends: \(linux-image-6\.1\.[0-9]*-[0-9]*-$flavour\).*/\1/p" | head -n 1)
[ -n "$pkg" ] || { echo "gen-vmlinux-h: linux-image-$flavour:$arch not found (apt-get update?)" >&2; exit 1; }
(cd "$work" && apt-get download "$pkg-unsigned:$arch" >/dev/null 2>&1 ||
	apt-get download "$pkg:$arch" >/dev/null)
dpkg-deb --fsys-tarfile "$work"/linux-image-*.deb | tar -x -C "$work" --wildcards './boot/vmlinuz-*'
image=$(ls "$work"/boot/vmlinuz-*)
# arm64's vmlinuz is a raw Image (or gzip'd): no ELF, so no .BTF section to dump. The kernel's
# BTF blob is in it whole: find its header (magic 0xeb9f, version 1, 24-byte header) and cut it
# out by the header's own lengths. (x86's bzImage needs extract-vmlinux first: board/kit does.)
if gzip -t "$image" 2>/dev/null; then
	gzip -dc "$image" >"$work/Image"
	image=$work/Image
fi
python3 - "$image" "$work/vmlinux.btf" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
at = data.find(struct.pack("<HBBI", 0xEB9F, 1, 0, 24))
if at < 0:
    sys.exit("gen-vmlinux-h: no BTF in %s (kernel built without CONFIG_DEBUG_INFO_BTF)" % sys.argv[1])
hdr_len, type_off, type_len, str_off, str_len = struct.unpack_from("<IIIII", data, at + 4)
end = at + hdr_len + max(type_off + type_len, str_off + str_len)
open(sys.argv[2], "wb").write(data[at:end])
PY
bpftool btf dump file "$work/vmlinux.btf" format c >"$work/vmlinux.h"
cmake -DHEADER="$work/vmlinux.h" -DARCH="$dir" -P "$here/check-arch.cmake"
mv "$work/vmlinux.h" "$out"
echo "gen-vmlinux-h: $out from $pkg ($arch)"
