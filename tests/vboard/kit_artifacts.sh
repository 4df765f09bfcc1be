# The kit is Debian's current kernel (the version linux-image-amd64 depends on), five rpmsg
# modules and the shim built for exactly that kernel with module BTF, and an initramfs holding
# busybox, /init, the eleven modules in load order and the workload. No QEMU needed.
. "$(dirname "$0")/lib.sh"
KIT_SCRIPT=$3

abi=$(sh "$KIT_SCRIPT" version) || fail "cannot resolve the current kernel"
[ "$(cat "$KIT/kernel/version")" = "$abi" ] ||
	fail "the kit has kernel $(cat "$KIT/kernel/version"), Debian's current is $abi (reconfigure)"

modules="rpmsg_core rpmsg_ns rpmsg_char rpmsg_ctrl virtio_rpmsg_bus"
kos="$KIT/guest-$abi/rpmsg_vboard.ko"
for m in $modules; do
	kos="$kos $KIT/rpmsg-$abi/$m.ko"
done
for ko in $kos; do
	[ -f "$ko" ] || fail "$ko missing"
	LC_ALL=C readelf -S "$ko" | grep -q ' \.BTF ' || fail "$(basename "$ko") has no .BTF section"
	vermagic=$(objcopy -O binary -j .modinfo "$ko" /dev/stdout | tr '\0' '\n' |
		sed -n 's/^vermagic=//p')
	case "$vermagic" in
	"$abi-amd64 "*) ;;
	*) fail "$(basename "$ko") is built for '$vermagic', not $abi-amd64" ;;
	esac
done

gzip -dc "$KIT/initramfs.cpio.gz" | cpio -t --quiet >"$TMP/initramfs.txt" ||
	fail "initramfs unreadable"
for f in init bin/busybox usr/bin/rpmsg-board-workload lib/modules/vboard/order; do
	grep -q -x -F "$f" "$TMP/initramfs.txt" || fail "initramfs has no $f"
done
count=$(grep -c '^lib/modules/vboard/.*\.ko$' "$TMP/initramfs.txt")
[ "$count" = 11 ] || fail "initramfs has $count modules, expected 11"
gzip -dc "$KIT/initramfs.cpio.gz" | (cd "$TMP" && cpio -i -d --quiet lib/modules/vboard/order)
order=$(cut -d' ' -f1 "$TMP/lib/modules/vboard/order" | tr '\n' ' ')
# Dependencies first; the rpmsg driver before the shim, the shim before virtio_pci binds.
want="virtio_ring virtio rpmsg_core rpmsg_ns rpmsg_char rpmsg_ctrl virtio_rpmsg_bus rpmsg_vboard"
want="$want virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci "
[ "$order" = "$want" ] ||
	fail "module load order is '$order'"
echo "ok: kit for kernel $abi-amd64: 6 modules with BTF and matching vermagic," \
	"initramfs $(du -k "$KIT/initramfs.cpio.gz" | cut -f1) KiB with 11 modules"
