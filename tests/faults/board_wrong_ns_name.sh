#!/bin/sh
# SPDX-License-Identifier: MIT
#
# board_wrong_ns_name: `rpmsg-sim board --fault wrong-ns-name` on the virtual board, and what the
# guest kernel's real virtio_rpmsg_bus makes of it:
#  - the kernel creates the channel under the announced name, rpmsg-tty-channel at 0x401 (its
#    log), and no channel named rpmsg-tty;
#  - no driver binds it (its device in /sys/bus/rpmsg/devices has no driver link);
#  - the lines the firmware sends to address 1280 (0x500) are dropped by the kernel: "msg
#    received with no recipient" (rate-limited by the kernel, so at least one, not a count);
#  - `rpmsg-trace doctor --kmsg` on that kernel log (the rpmsg modules' dynamic_debug on) names
#    no-recipient: messages from the firmware's 0x401 to 0x500.
# Skips, saying why, where the board kit is not built (-DRPMSG_VBOARD=ON) or QEMU is missing.
# usage: board_wrong_ns_name.sh RPMSG_SIM KIT_DIR BOOT_SCRIPT RPMSG_TRACE
set -eu
trace=$4
. "$(dirname "$0")/../vboard/board_lib.sh"
board_test_start "$1" "$2" "$3" vbflt

# In the guest (one line: the command goes on the kernel command line): wait for the channel,
# say whether a driver bound it, give the firmware's lines a second to arrive, then print the
# kernel log with its debug lines (the console shows only up to loglevel 6).
d="/sys/bus/rpmsg/devices/*.rpmsg-tty-channel.*"
cmd="n=0; while ! ls -d $d >/dev/null 2>&1 && [ \$n -lt 1200 ]; do sleep 0.1; n=\$((n + 1)); done;"
cmd="$cmd for x in $d; do if [ -e \$x/driver ]; then echo bound \$x; else echo unbound \$x; fi; done;"
cmd="$cmd sleep 1; dmesg > /tmp/k.log; echo kernel log:; cat /tmp/k.log"
board_start "$cmd" --quiet --dyndbg --fault wrong-ns-name --tty-rate 20

rc=0
wait $board || rc=$?
[ "$rc" -eq 0 ] || fail "rpmsg-sim board exited with $rc"
tr -d '\r' <"$TMP/guest.out" >"$TMP/guest.txt" # the serial port ends lines with CR LF
grep -q "^unbound /sys/bus/rpmsg/devices/.*rpmsg-tty-channel" "$TMP/guest.txt" ||
	fail "the guest does not show rpmsg-tty-channel unbound: $(cat "$TMP/guest.txt")"
grep -q "creating channel rpmsg-tty-channel addr 0x401" "$TMP/console.log" ||
	fail "the kernel did not create channel rpmsg-tty-channel at 0x401"
! grep -q "creating channel rpmsg-tty addr" "$TMP/console.log" ||
	fail "the kernel created a channel rpmsg-tty"
grep -q "msg received with no recipient" "$TMP/console.log" ||
	fail "the kernel dropped no line for want of a recipient"
! grep -E "BUG:|WARNING:|Oops|Call Trace" "$TMP/console.log" >&2 ||
	fail "the kernel complained (console above)"
# the kernel log, as a user would give it to the doctor (dmesg > k.log)
sed '1,/^kernel log:$/d' "$TMP/guest.txt" >"$TMP/kernel.txt"
"$trace" doctor --json --kmsg "$TMP/kernel.txt" >"$TMP/doctor.out" 2>"$TMP/doctor.err" && st=0 ||
	st=$?
[ "$st" -eq 1 ] || fail "doctor --kmsg on the board's log: exit $st, expected 1"
got=$(jq -r 'select(.type == "finding" and .rule == "no-recipient") | "\(.local) \(.remote)"' \
	"$TMP/doctor.out")
[ "$got" = "1280 1025" ] || fail "doctor --kmsg: no-recipient finding '$got', expected '1280 1025'"
echo "PASS: board wrong-ns-name: rpmsg-tty-channel created unbound, its lines dropped by the kernel"
