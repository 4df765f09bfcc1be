#!/bin/sh
# SPDX-License-Identifier: MIT
#
# firmware_board: `rpmsg-sim board` boots Debian's kernel under QEMU against the simulated
# firmware on librpmsgbus's vhost-user transport, and what a user would notice holds:
#  - the kernel probes the device once ("rpmsg host is online") and creates exactly the four
#    announced channels, each once (kernel log), /dev/rpmsg_ctrl0 and /dev/rpmsg0 appear;
#  - unloading and reloading virtio_rpmsg_bus re-announces: the four channels again;
#  - the guest's poweroff is noticed by the firmware ("the guest is gone"), which exits 0;
#  - QEMU is gone, the socket and the bus's control block are removed;
#  - the console has no BUG:, WARNING:, Oops or Call Trace.
# usage: firmware_board.sh RPMSG_SIM KIT_DIR BOOT_SCRIPT
set -eu
. "$(dirname "$0")/board_lib.sh"
board_test_start "$@" vbfw

# The guest lists its channels, reloads the rpmsg bus driver and lists them again (one line:
# the command goes on the kernel command line).
cmd="cat /sys/bus/rpmsg/devices/*/name | sort | tr '\n' ' '; echo; ls /dev/rpmsg_ctrl0 /dev/rpmsg0;"
cmd="$cmd rmmod virtio_rpmsg_bus; insmod /lib/modules/vboard/virtio_rpmsg_bus.ko; n=0;"
cmd="$cmd while [ \$(ls /sys/bus/rpmsg/devices | wc -l) -lt 6 ] && [ \$n -lt 300 ];"
cmd="$cmd do sleep 0.1; n=\$((n + 1)); done;"
cmd="$cmd cat /sys/bus/rpmsg/devices/*/name | sort | tr '\n' ' '; echo"
start=$(date +%s.%N)
board_start "$cmd" --quiet

rc=0
wait $board || rc=$?
end=$(date +%s.%N)
[ "$rc" -eq 0 ] || fail "rpmsg-sim board exited with $rc"

names="rpmsg-echo rpmsg-raw rpmsg-sensor rpmsg-tty rpmsg_ctrl rpmsg_ns "
tr -d '\r' <"$TMP/guest.out" >"$TMP/guest.txt" # the serial port ends lines with CR LF
[ "$(sed -n 1p "$TMP/guest.txt")" = "$names" ] ||
	fail "channels before the reload: '$(sed -n 1p "$TMP/guest.txt")', want '$names'"
grep -q "^/dev/rpmsg0 " "$TMP/guest.txt" || fail "no /dev/rpmsg0 in the guest"
[ "$(grep -c '^rpmsg-echo' "$TMP/guest.txt")" -eq 2 ] &&
	[ "$(grep -cx "$names" "$TMP/guest.txt")" -eq 2 ] || fail "channels after the reload differ"
online=$(grep -c "rpmsg host is online" "$TMP/console.log" || true)
[ "$online" -eq 2 ] || fail "'rpmsg host is online' $online times, want 2 (boot, reload)"
for ch in rpmsg-echo rpmsg-tty rpmsg-sensor rpmsg-raw; do
	n=$(grep -c "creating channel $ch addr" "$TMP/console.log" || true)
	[ "$n" -eq 2 ] || fail "channel $ch created $n times, want 2 (boot, reload)"
done
n=$(grep -c "creating channel" "$TMP/console.log" || true)
[ "$n" -eq 8 ] || fail "$n channels created, want 8"
! grep -E "BUG:|WARNING:|Oops|Call Trace" "$TMP/console.log" >&2 ||
	fail "the kernel complained (console above)"
grep -q "firmware summary: bus $bus, .*the guest is gone" "$TMP/sim.out" ||
	fail "the firmware did not notice the guest's poweroff"
[ ! -e "$sock" ] || fail "socket $sock left behind"
[ ! -e "/dev/shm/rpmsg-$bus" ] || fail "control block /dev/shm/rpmsg-$bus left behind"
! pgrep -f "path=$sock" >/dev/null || fail "QEMU still runs"
echo "board: 4 channels, reload re-announced 4, poweroff noticed, clean;" \
	"$(grep -o 'ready, uptime [0-9.]* s' "$TMP/console.log" || echo 'ready: ?'), run" \
	"$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }') s wall"
