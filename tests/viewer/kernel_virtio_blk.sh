# rpmsg-top --kernel: the kernel program on this machine's virtio-blk device (no rpmsg in this
# kernel; DESIGN.md) shows the device's vring with its interrupts while the disk works, and the
# header names the hooks that are active.
. "$(dirname "$0")/lib.sh"
need_root "the kernel BPF program"
[ -e /sys/bus/virtio/devices ] && grep -qx 0x0002 /sys/bus/virtio/devices/*/device 2>/dev/null ||
	skip "no virtio-blk device"

# disk writes with fsync: the device completes requests, raising vring interrupts
(
	i=0
	while [ $i -lt 40 ]; do
		dd if=/dev/zero of="$TMP/disk" bs=64k count=16 conv=fsync 2>/dev/null
		sleep 0.1 # paces the load (about 40 bursts over the 3 s of sampling)
		i=$((i + 1))
	done
) &
load=$!
on_exit_kill $load
timeout 120 "$TOP" -b -n 3 -i 1 --kernel --virtio-device 2 >"$TMP/out" 2>"$TMP/err"
status=$?
kill $load 2>/dev/null
wait $load 2>/dev/null
[ $status -eq 0 ] || fail "rpmsg-top --kernel exited with status $status ($(cat "$TMP/err"))"
grep -q "source: BPF kernel vrings (virtio device 2)" "$TMP/out" || fail "not the kernel source"
grep -q "^note: hooks: .*active" "$TMP/out" || fail "the active hooks are not named"
grep -Eq "^vring virtio[0-9]+ vq[0-9]+ .*irqs/s [0-9.]*[1-9]" "$TMP/out" ||
	fail "no vring with interrupts"
echo "ok: kernel vrings of virtio-blk"
