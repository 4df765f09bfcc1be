#!/bin/sh
# SPDX-License-Identifier: MIT
#
# firmware_stop: stopping the firmware (SIGTERM to its process) while the guest runs makes the
# guest's kernel remove the four channels ("destroying channel", gone from /sys/bus/rpmsg):
# the firmware's endpoints announce their end on the vhost-user transport as on any bus. No
# BUG:, WARNING:, Oops or Call Trace; the guest itself goes on and powers off cleanly. Before
# that, rpmsg-sim status reads the running device (eventfd doorbells, QEMU, DRIVER_OK, 4 names).
# usage: firmware_stop.sh RPMSG_SIM KIT_DIR BOOT_SCRIPT
set -eu
. "${TESTS_LIB:-$(dirname "$0")/../include/lib.sh}"

SIM=$1
KIT=$2
BOOT=$3
[ -r "$KIT/vmlinuz" ] && [ -r "$KIT/initramfs.cpio.gz" ] ||
	skip "no board kit in $KIT (configure with -DRPMSG_VBOARD=ON after scripts/install-deps.sh)"
command -v qemu-system-x86_64 >/dev/null ||
	skip "qemu-system-x86_64 is not installed (scripts/install-deps.sh)"
command -v jq >/dev/null || fail "jq is needed to read rpmsg-sim status --json"
tmpdir_make
bus=vbst$$

# The guest waits (bounded) for the echo channel to come, then to go, then lists what is left.
echo=/sys/bus/rpmsg/devices/virtio1.rpmsg-echo.-1.1024
cmd="n=0; while [ ! -e $echo ] && [ \$n -lt 1200 ]; do sleep 0.1; n=\$((n + 1)); done;"
cmd="$cmd n=0; while [ -e $echo ] && [ \$n -lt 1200 ]; do sleep 0.1; n=\$((n + 1)); done;"
cmd="$cmd ls /sys/bus/rpmsg/devices"
"$SIM" board --bus "$bus" --vhost-user "$TMP/fw.sock" --kit "$KIT" --boot-script "$BOOT" \
	--console "$TMP/console.log" --output "$TMP/guest.out" --timeout 300 --quiet \
	--cmd "$cmd" >"$TMP/sim.out" 2>"$TMP/sim.err" &
board=$!
on_exit_kill $board
on_exit_run 'rm -f /dev/shm/rpmsg-'"$bus"

# rpmsg-sim status reads the running device (the guest holds it until the firmware stops):
# eventfd doorbells, QEMU as the host, DRIVER_OK, and every name announced.
announced() {
	"$SIM" status --json "$bus" >"$TMP/status.txt" 2>"$TMP/status.err" &&
		jq -e '.mbox == "eventfd" and .host_pid > 0 and .status == 15 and
			([.channels[] | select(.side == "remote" and .tx_msgs >= 1)] | length) == 4' \
			"$TMP/status.txt"
}
wait_while_alive $board "the four announcements" 300 announced
fw=$(jq -r .remote_pid "$TMP/status.txt")
[ "$fw" -gt 1 ] || fail "no firmware pid in the status"
kill -TERM "$fw"
rc=0
wait $board || rc=$?
tr -d '\r' <"$TMP/guest.out" >"$TMP/guest.txt"
[ "$rc" -eq 0 ] || fail "rpmsg-sim board exited with $rc"
grep -q "firmware summary: bus $bus, .*stopped by SIGTERM" "$TMP/sim.out" ||
	fail "the firmware did not stop on SIGTERM"
for ch in rpmsg-echo rpmsg-tty rpmsg-sensor rpmsg-raw; do
	n=$(grep -c "destroying channel $ch addr" "$TMP/console.log" || true)
	[ "$n" -eq 1 ] || fail "channel $ch destroyed $n times, want 1"
	! grep -q "\.$ch\." "$TMP/guest.txt" || fail "$ch is still in /sys/bus/rpmsg/devices"
done
grep -q "reboot: Power down" "$TMP/console.log" || fail "the guest did not power off"
! grep -E "BUG:|WARNING:|Oops|Call Trace" "$TMP/console.log" >&2 ||
	fail "the kernel complained (console above)"
echo "stop: the guest removed the 4 channels after the firmware's SIGTERM, powered off cleanly"
