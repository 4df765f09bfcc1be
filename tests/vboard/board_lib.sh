# SPDX-License-Identifier: MIT
#
# Sourced by the tests that boot the board with `rpmsg-sim board`:
#   board_test_start RPMSG_SIM KIT_DIR BOOT_SCRIPT TAG
#	sets SIM, KIT and BOOT, skips (with the reason printed) where the board kit or QEMU is not
#	there, makes $TMP, names the bus "TAG<pid>" ($bus) and its socket $sock
#   board_start CMD [OPTION...]
#	starts `rpmsg-sim board` in the background on that bus with the console, the guest's
#	output and rpmsg-sim's stdout/stderr in $TMP/{console.log,guest.out,sim.out,sim.err},
#	runs CMD in the guest, sets $board (its pid) and removes what it leaves at exit
#   board_echo_come_and_go
#	prints guest shell code that waits (bounded, 120 s each) for the echo channel to come,
#	then to go
#   board_signal_firmware SIGNAL [JQ]
#	waits (bounded, 300 s) until rpmsg-sim status shows the firmware's four channels announced
#	(and JQ, a jq condition, holds of its JSON), sends the firmware SIGNAL, waits for the board:
#	its exit status in $board_rc, the guest's output without CRs in $TMP/guest.txt
#   board_check_clean_power_off
#	fails unless the guest powered off and its kernel printed no BUG:, WARNING:, Oops or Call
#	Trace
. "${TESTS_LIB:-$(dirname "$0")/../include/lib.sh}"

board_test_start() {
	SIM=$1
	KIT=$2
	BOOT=$3
	[ -r "$KIT/vmlinuz" ] && [ -r "$KIT/initramfs.cpio.gz" ] ||
		skip "no board kit in $KIT (configure with -DRPMSG_VBOARD=ON after scripts/install-deps.sh)"
	command -v qemu-system-x86_64 >/dev/null ||
		skip "qemu-system-x86_64 is not installed (scripts/install-deps.sh)"
	command -v jq >/dev/null || fail "jq is needed to read rpmsg-sim's JSON (scripts/install-deps.sh)"
	tmpdir_make
	bus=$4$$
	sock=$TMP/fw.sock
}

board_start() {
	cmd_=$1
	shift
	"$SIM" board --bus "$bus" --vhost-user "$sock" --kit "$KIT" --boot-script "$BOOT" \
		--console "$TMP/console.log" --output "$TMP/guest.out" --timeout 300 \
		"$@" --cmd "$cmd_" >"$TMP/sim.out" 2>"$TMP/sim.err" &
	board=$!
	on_exit_kill $board
	on_exit_run 'rm -f "$sock" /dev/shm/rpmsg-'"$bus"
}

board_echo_come_and_go() {
	e_=/sys/bus/rpmsg/devices/virtio1.rpmsg-echo.-1.1024
	printf '%s' "n=0; while [ ! -e $e_ ] && [ \$n -lt 1200 ]; do sleep 0.1; n=\$((n + 1)); done;"
	printf '%s' " n=0; while [ -e $e_ ] && [ \$n -lt 1200 ]; do sleep 0.1; n=\$((n + 1)); done;"
}

board_signal_firmware() {
	sig_=$1
	cond_=${2:-true}
	# shellcheck disable=SC2317 # called by wait_while_alive
	announced_() {
		"$SIM" status --json "$bus" >"$TMP/status.txt" 2>"$TMP/status.err" &&
			jq -e "($cond_) and
				([.channels[] | select(.side == \"remote\" and .tx_msgs >= 1)] | length) == 4" \
				"$TMP/status.txt"
	}
	wait_while_alive "$board" "the four announcements" 300 announced_
	fw_=$(jq -r .remote_pid "$TMP/status.txt")
	[ "$fw_" -gt 1 ] || fail "no firmware pid in the status"
	kill -"$sig_" "$fw_"
	board_rc=0
	wait "$board" || board_rc=$?
	tr -d '\r' <"$TMP/guest.out" >"$TMP/guest.txt"
}

board_check_clean_power_off() {
	grep -q "reboot: Power down" "$TMP/console.log" || fail "the guest did not power off"
	! grep -E "BUG:|WARNING:|Oops|Call Trace" "$TMP/console.log" >&2 ||
		fail "the kernel complained (console above)"
}
