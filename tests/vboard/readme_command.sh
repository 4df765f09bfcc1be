#!/bin/sh
# SPDX-License-Identifier: MIT
#
# readme_command: the README's one command for the virtual board, as a user types it (no
# --console, no --output): `rpmsg-sim board --cmd 'rpmsg-board-workload -n 200'` shows the boot
# and the workload's counts on standard output, exits with the workload's status (0), and says
# nothing about a crash when the firmware ends because the guest powered off.
# usage: readme_command.sh RPMSG_SIM KIT_DIR BOOT_SCRIPT
set -eu
. "$(dirname "$0")/board_lib.sh"
board_test_start "$@" vbrd
on_exit_run 'rm -f "$sock" /dev/shm/rpmsg-'"$bus"

rc=0
TMPDIR=$TMP "$SIM" board --bus "$bus" --vhost-user "$sock" --kit "$KIT" --boot-script "$BOOT" \
	--timeout 300 --cmd 'rpmsg-board-workload -n 200' >"$TMP/out" 2>"$TMP/err" </dev/null || rc=$?
tr -d '\r' <"$TMP/out" >"$TMP/out.txt"
[ "$rc" -eq 0 ] || { cat "$TMP/err" >&2; fail "rpmsg-sim board exited with $rc, want 0"; }
grep -q "echo: sent 200 received 200 in order, 0 checksum errors" "$TMP/out.txt" ||
	fail "no echo counts on standard output: $(tail -n 5 "$TMP/out.txt")"
grep -qx "workload: ok" "$TMP/out.txt" || fail "the workload's verdict is not on standard output"
grep -q "rpmsg host is online" "$TMP/out.txt" || fail "the console is not shown"
! grep -q "while the guest ran" "$TMP/err" || fail "a normal end was called a crash: $(cat "$TMP/err")"
[ -z "$(ls "$TMP" | grep '^vboard-console')" ] || fail "the console's temporary file was left behind"
[ ! -e "$sock" ] || fail "socket $sock left behind"
echo "readme command: workload ok on standard output, exit 0, no crash reported"
