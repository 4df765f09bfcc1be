#!/bin/sh
# SPDX-License-Identifier: MIT
#
# firmware_killed: the firmware process killed (SIGKILL) while the guest runs. QEMU's vhost-user
# device tells the guest nothing, so `rpmsg-sim board` does what remoteproc does for a crashed
# remote processor: the device goes (QMP device_del), and the guest's kernel removes the rpmsg
# device and its four channels. No BUG:, WARNING:, Oops or Call Trace; the guest powers off;
# the board says what happened and exits 1; socket and control block are removed.
# usage: firmware_killed.sh RPMSG_SIM KIT_DIR BOOT_SCRIPT
set -eu
. "$(dirname "$0")/board_lib.sh"
board_test_start "$@" vbkl

# The guest waits (bounded) for the echo channel to come, then to go, then lists what is left.
board_start "$(board_echo_come_and_go) echo left: \$(ls /sys/bus/rpmsg/devices)" --quiet

board_signal_firmware KILL
[ "$board_rc" -eq 1 ] ||
	fail "rpmsg-sim board exited with $board_rc, want 1 (its firmware was killed)"
grep -q "the firmware killed by signal 9 (Killed) while the guest ran; unplugged its device" \
	"$TMP/sim.err" || fail "the board did not unplug the dead firmware's device"
grep -qx "left:" "$TMP/guest.txt" || fail "channels left in the guest: $(grep left: "$TMP/guest.txt")"
grep -q "vboard: exit 0" "$TMP/guest.txt" || fail "the guest command did not finish"
board_check_clean_power_off
[ ! -e "$sock" ] || fail "socket $sock left behind"
[ ! -e "/dev/shm/rpmsg-$bus" ] || fail "control block /dev/shm/rpmsg-$bus left behind"
echo "killed: the device was unplugged, the guest removed every channel, powered off cleanly"
