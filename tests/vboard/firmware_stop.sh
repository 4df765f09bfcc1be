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
. "$(dirname "$0")/board_lib.sh"
board_test_start "$@" vbst

# The guest waits (bounded) for the echo channel to come, then to go, then lists what is left.
board_start "$(board_echo_come_and_go) ls /sys/bus/rpmsg/devices" --quiet

# rpmsg-sim status reads the running device (the guest holds it until the firmware stops):
# eventfd doorbells, QEMU as the host, DRIVER_OK, and every name announced.
board_signal_firmware TERM '.mbox == "eventfd" and .host_pid > 0 and .status == 15'
[ "$board_rc" -eq 0 ] || fail "rpmsg-sim board exited with $board_rc"
grep -q "firmware summary: bus $bus, .*stopped by SIGTERM" "$TMP/sim.out" ||
	fail "the firmware did not stop on SIGTERM"
for ch in rpmsg-echo rpmsg-tty rpmsg-sensor rpmsg-raw; do
	n=$(grep -c "destroying channel $ch addr" "$TMP/console.log" || true)
	[ "$n" -eq 1 ] || fail "channel $ch destroyed $n times, want 1"
	! grep -q "\.$ch\." "$TMP/guest.txt" || fail "$ch is still in /sys/bus/rpmsg/devices"
done
board_check_clean_power_off
echo "stop: the guest removed the 4 channels after the firmware's SIGTERM, powered off cleanly"
