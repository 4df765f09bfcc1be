#!/bin/sh
# test_kernel_virtio_blk: the kernel program on this machine's real vrings. With the device filter
# at virtio-blk (id 2) a write+fsync workload raises vring interrupts, reported with a plausible
# num_free and the used-ring entries being delivered; with the filter at 7 (rpmsg, absent here)
# nothing is reported. Where the kernel refuses fentry/fexit the tool says so and carries on.
. "$(dirname "$0")/lib.sh"
need_bpf

blk=""
for dev in /sys/bus/virtio/devices/*; do
	[ "$(cat "$dev/device" 2>/dev/null)" = "0x0002" ] && blk=$(basename "$dev")
done
[ -n "$blk" ] || skip "no virtio-blk device on this machine"

# Disk traffic: files next to the build (on the root disk), each written and fsync'd.
disk_work() {
	for i in 1 2 3 4 5 6 7 8; do
		dd if=/dev/zero of="$WORKDIR/blk.$i" bs=64k count=16 conv=fsync 2>/dev/null
	done
	sync
}
WORKDIR=$(mktemp -d "${TMPDIR:-/var/tmp}/rpmsg-bpf-blk.XXXXXX")
on_exit_run 'rm -rf "$WORKDIR"'

start_bg blk "$TRACE" live --kernel --device-id 2 --json -i 1 --duration 120
BLK=$LAST_PID
wait_for_line "$TMP/blk.err" "hooks active\|using vring_interrupt only"
start_bg msgs "$TRACE" live --kernel --device-id 2 --messages --json --duration 120
MSGS=$LAST_PID
wait_for_line "$TMP/msgs.err" "hooks active\|using vring_interrupt only"
start_bg rpmsg "$TRACE" live --kernel --json -i 1 --duration 120
RPMSG=$LAST_PID
wait_for_line "$TMP/rpmsg.err" "hooks active\|using vring_interrupt only"
disk_work
stop_bg "$BLK"
stop_bg "$MSGS"
stop_bg "$RPMSG"
cat "$TMP/blk.err"

# Which hooks, and why the others are not active.
grep -q "tp_btf/irq_handler_entry (vring_interrupt) *active" "$TMP/blk.err" ||
	fail "the vring_interrupt hook is not active"
if grep -q "fentry/fexit refused by the kernel" "$TMP/blk.err"; then
	grep -q "using vring_interrupt only" "$TMP/blk.err" ||
		fail "fentry was refused but the tool does not say it uses vring_interrupt only"
	echo "fentry refused here: reported, and the tool carried on"
fi

total=$(grep '"type":"total"' "$TMP/blk.out") || fail "no totals from live --kernel"
echo "$total"
row=$(echo "$total" | jq -c --arg d "$blk" '.vrings[] | select(.bus == $d and .vq == 0)')
[ -n "$row" ] || fail "no vring row for $blk queue 0"
echo "$row" | jq -e '.interrupts > 0 and .used_seen > 0 and .num_free != null and
	.num_free >= 0 and .num_free <= 1024' >/dev/null ||
	fail "implausible interrupt row for $blk: $row"

# Each interrupt, then the used entries it delivers, with sane fields.
jq -e -s --arg d "$blk" '[.[] | select(.event == "mbox_rx" and .bus == $d)] | length > 0' \
	"$TMP/msgs.out" >/dev/null || fail "--messages shows no vring interrupt of $blk"
jq -e -s --arg d "$blk" '[.[] | select(.event == "vring_get" and .bus == $d)] |
	length > 0 and all(.role == 2 and .head < 1024 and .num_free <= 1024)' \
	"$TMP/msgs.out" >/dev/null || fail "--messages shows no plausible used entries of $blk"

# The same events into a CTF trace, read back by babeltrace2.
start_bg record "$TRACE" record --bpf --kernel --device-id 2 -o "$TMP/ktrace" --duration 120
REC=$LAST_PID
wait_for_line "$TMP/record.err" "vring_interrupt) *active"
disk_work
stop_bg "$REC"
grep -q "events written to" "$TMP/record.err" || fail "record --kernel: $(cat "$TMP/record.err")"
babeltrace2 "$TMP/ktrace" >"$TMP/ktext" 2>"$TMP/bt.err" || fail "babeltrace2 cannot read $TMP/ktrace"
grep -q "rpmsg:mbox_rx: .*{ bus = \"$blk\", role = 2, channel = 0 }" "$TMP/ktext" ||
	fail "no vring interrupt of $blk in the CTF trace"
grep -q "rpmsg:vring_get: .*{ bus = \"$blk\", role = 2, vq = 0, head = [0-9]*, len = [0-9]*, used_idx = [0-9]*, num_free = [0-9]* }" \
	"$TMP/ktext" || fail "no used-ring entry of $blk in the CTF trace"

# Without CAP_SYSLOG the kernel hides vring_interrupt's address: said, not silently ignored.
if command -v setpriv >/dev/null; then
	setpriv --inh-caps=-syslog --bounding-set=-syslog "$TRACE" live --kernel --duration 1 \
		>"$TMP/nosyslog.out" 2>"$TMP/nosyslog.err"
	grep -q "vring_interrupt's address is hidden" "$TMP/nosyslog.err" ||
		fail "without CAP_SYSLOG: '$(cat "$TMP/nosyslog.err")'"
fi

# Filter at 7: no rpmsg device here, so nothing at all.
echo "$(grep '"type":"total"' "$TMP/rpmsg.out")" | jq -e '.vrings == []' >/dev/null ||
	fail "device filter 7 reported something: $(cat "$TMP/rpmsg.out")"
echo PASS
