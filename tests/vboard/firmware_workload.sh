#!/bin/sh
# SPDX-License-Identifier: MIT
#
# firmware_workload: the guest's rpmsg-board-workload against `rpmsg-sim board`'s firmware
# (vhost-user transport), through the kernel's real interfaces (/dev/rpmsgN from name-service
# channels, an endpoint made with RPMSG_CREATE_EPT_IOCTL on /dev/rpmsg_ctrl0):
#  - 10,000 echo round trips and 10,000 through the rpmsg_ctrl endpoint, complete and in order;
#  - 500 tty lines, 500 sensor samples and 500 raw blocks each way, in order, checksums right;
#  - the firmware's own per-channel counts equal the guest's in both directions;
#  - no BUG:, WARNING:, Oops or Call Trace on the console.
# usage: firmware_workload.sh RPMSG_SIM KIT_DIR BOOT_SCRIPT
set -eu
. "$(dirname "$0")/board_lib.sh"
board_test_start "$@" vbwl
N=10000
M=500

cmd="rpmsg-board-workload -n $N --services echo,ctrl --timeout 250 &&"
cmd="$cmd rpmsg-board-workload -n $M --stream $M --services tty,sensor,raw --timeout 250"
board_start "$cmd" --messages $M --rate 0 --json
rc=0
wait $board || rc=$?
tr -d '\r' <"$TMP/guest.out" >"$TMP/guest.txt" # the serial port ends lines with CR LF
[ "$rc" -eq 0 ] || fail "rpmsg-sim board exited with $rc"

# The guest's counts, as rpmsg-board-workload prints them.
expect_line() {
	grep -qx "$1" "$TMP/guest.txt" || fail "the guest did not print '$1'"
}
grep -q "^echo: sent $N received $N in order, 0 checksum errors (" "$TMP/guest.txt" ||
	fail "echo: not $N round trips in order"
grep -q "^ctrl: endpoint 0x[0-9a-f]* -> 0x400: sent $N received $N in order, 0 checksum errors, destroyed$" \
	"$TMP/guest.txt" || fail "ctrl endpoint: not $N round trips in order"
expect_line "tty: received $M lines in order, 0 format errors (first line 0)"
expect_line "sensor: received $M samples in order, 0 errors (first sample 0)"
expect_line "raw: sent $M received $M in order, 0 checksum errors (first block 0)"
[ "$(grep -c '^workload: ok$' "$TMP/guest.txt")" -eq 2 ] || fail "a workload run failed"

# The firmware's own counts (its JSON summary): the same messages, seen from the other side.
count() {
	sim_count firmware "$1" "$2" "$TMP/sim.out"
}
[ "$(count rpmsg-echo rx_msgs)" -eq $((2 * N)) ] || fail "firmware echo rx $(count rpmsg-echo rx_msgs), want $((2 * N))"
[ "$(count rpmsg-echo tx_msgs)" -eq $((2 * N)) ] || fail "firmware echo tx $(count rpmsg-echo tx_msgs), want $((2 * N))"
for ch in rpmsg-tty rpmsg-sensor; do
	[ "$(count $ch tx_msgs)" -eq $M ] || fail "firmware $ch tx $(count $ch tx_msgs), want $M"
	[ "$(count $ch rx_msgs)" -eq 1 ] || fail "firmware $ch rx $(count $ch rx_msgs), want 1 (start)"
done
[ "$(count rpmsg-raw tx_msgs)" -eq $M ] || fail "firmware raw tx $(count rpmsg-raw tx_msgs), want $M"
[ "$(count rpmsg-raw rx_msgs)" -eq $M ] || fail "firmware raw rx $(count rpmsg-raw rx_msgs), want $M"
for ch in rpmsg-echo rpmsg-tty rpmsg-sensor rpmsg-raw; do
	[ "$(count $ch errors)" -eq 0 ] || fail "firmware $ch: $(count $ch errors) errors"
done
! grep -E "BUG:|WARNING:|Oops|Call Trace" "$TMP/console.log" >&2 ||
	fail "the kernel complained (console above)"
echo "workload: echo $N + ctrl $N round trips in order," \
	"$(grep -o '([0-9]* round trips/s)' "$TMP/guest.txt"), tty/sensor/raw $M each," \
	"firmware counts equal"
