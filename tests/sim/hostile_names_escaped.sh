#!/bin/sh
# A remote announces a channel named "ev<ESC>[2Jil<BEL><0xff>\x": rpmsg-sim status (text and
# JSON) and rpmsg-top (-b and --json) print it escaped (\x1b, \x07, \xff, \\) and no printer lets
# a raw control byte or a byte outside UTF-8 through (checked on the bytes, with od).
# Usage: hostile_names_escaped.sh RPMSG-SIM HOSTILE-REMOTE RPMSG-TOP
. "$(dirname "$0")/lib.sh"
REMOTE=$2
TOP=$3

"$SIM" host --bus "$BUS" >"$TMP/host.out" 2>"$TMP/host.err" &
on_exit_kill "$!"
wait_for "the host's bus" 30 test -e "/dev/shm/rpmsg-$BUS"
"$REMOTE" "$BUS" >"$TMP/remote.out" 2>"$TMP/remote.err" &
on_exit_kill "$!"
wait_for "the hostile remote to announce" 30 grep -q announced "$TMP/remote.out"
# the host's side of the channel appears once it handled the NS message
wait_for "an escaped name in status" 30 sh -c "'$SIM' status '$BUS' | grep -q 'x1b'"

# raw_bytes FILE: the control bytes (other than newline) and non-ASCII bytes FILE holds, by od
raw_bytes() {
	od -An -v -tu1 "$1" | tr -s ' ' '\n' | awk '$1 != "" && $1 != 10 && ($1 < 32 || $1 > 126)' |
		sort -u | tr '\n' ' '
}
# escaped FILE TEXT: FILE shows the name as TEXT and holds no raw byte
escaped() {
	grep -qF -- "$2" "$1" || fail "$1 does not show the name as $2: $(cat "$1")"
	bad=$(raw_bytes "$1")
	[ -z "$bad" ] || fail "$1 holds raw bytes $bad"
}

"$SIM" status "$BUS" >"$TMP/status.txt" || fail "status failed"
escaped "$TMP/status.txt" 'ev\x1b[2Jil\x07\xff\\x'
"$SIM" status --json "$BUS" >"$TMP/status.json" || fail "status --json failed"
escaped "$TMP/status.json" '"ev\u001b[2Jil\u0007\u00ff\\x"'

# rpmsg-top: the collector keeps the name's bytes and rpmsg-top's printers escape them, as
# rpmsg-sim status does, and no raw byte gets through.
# Root: names and the channel's traffic come from BPF (introspection shows no row for a channel
# the host never bound).
if [ "$(id -u)" -eq 0 ]; then
	timeout 60 "$TOP" -b -n 2 -i 0.3 --bus "$BUS" >"$TMP/top.txt" 2>"$TMP/top.err" ||
		fail "rpmsg-top -b failed: $(cat "$TMP/top.err")"
	escaped "$TMP/top.txt" 'ev\x1b[2Jil\x07\xff\\x'
	timeout 60 "$TOP" --json -n 2 -i 0.3 --bus "$BUS" >"$TMP/top.json" 2>"$TMP/top.err" ||
		fail "rpmsg-top --json failed: $(cat "$TMP/top.err")"
	escaped "$TMP/top.json" '"ev\u001b[2Jil\u0007\u00ff\\x"'
fi
echo "PASS"
