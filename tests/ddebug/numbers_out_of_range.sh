#!/bin/sh
# Out-of-range numbers are refused with one line naming the option and the value, exit 2:
# `rpmsg-ddebug decode-log --count` (-1 was read as 2^64-1) and `rpmsg-trace report/decode
# --endpoint` (an address is a u32: 99999999999 was accepted and matched nothing, silently).
# Usage: numbers_out_of_range.sh RPMSG-DDEBUG RPMSG-TRACE
. "$(dirname "$0")/../include/lib.sh"
set -u
DDEBUG=$1
TRACE=$2
tmpdir_make ddebug-numbers

# refused EXPECT COMMAND...: exit 2, one line on stderr matching EXPECT, nothing on stdout
refused() {
	expect=$1
	shift
	timeout 10 "$@" </dev/null >"$TMP/out" 2>"$TMP/err"
	rc=$?
	[ $rc -eq 2 ] || fail "'$*': exit $rc, expected 2 ($(cat "$TMP/err"))"
	[ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "'$*': not one line: $(cat "$TMP/err")"
	grep -q -- "$expect" "$TMP/err" || fail "'$*': '$(cat "$TMP/err")' does not say '$expect'"
	[ ! -s "$TMP/out" ] || fail "'$*' printed on stdout"
}

for val in -1 0 -0 +5 18446744073709551616 99999999999999999999999 1e3 abc ''; do
	refused "^rpmsg-ddebug: --count needs a whole number from 1 to 18446744073709551615, not '$val'" \
		"$DDEBUG" decode-log --live --count "$val"
done
# the largest count is accepted (read from an empty log: nothing to decode)
: >"$TMP/empty.log"
"$DDEBUG" decode-log --count 18446744073709551615 "$TMP/empty.log" >"$TMP/out" 2>&1 ||
	fail "--count 2^64-1 refused: $(cat "$TMP/out")"

[ -n "$TRACE" ] || skip "rpmsg-trace is not built (the --endpoint half)"
for cmd in report decode; do
	for val in 99999999999 4294967296 -1 0x100000000 ' -5'; do
		refused "^rpmsg-trace $cmd: --endpoint '$val' is not an endpoint address (0 to 4294967295)" \
			"$TRACE" "$cmd" --json --endpoint "$val" "$TMP/no-trace"
	done
	refused "^rpmsg-trace $cmd: --endpoint '' is not a channel name" \
		"$TRACE" "$cmd" --endpoint '' "$TMP/no-trace"
	refused "^rpmsg-trace $cmd: --endpoint 'a-name-of-thirty-two-characters!' is not a channel name" \
		"$TRACE" "$cmd" --endpoint 'a-name-of-thirty-two-characters!' "$TMP/no-trace"
	# in range: accepted, and the missing trace is what is reported
	for val in 4294967295 0xffffffff 1024 rpmsg-tty 1wire; do
		"$TRACE" "$cmd" --endpoint "$val" "$TMP/no-trace" >/dev/null 2>"$TMP/err"
		! grep -q -- "--endpoint" "$TMP/err" || fail "$cmd --endpoint '$val' refused"
		grep -q "no-trace" "$TMP/err" || fail "$cmd --endpoint '$val': $(cat "$TMP/err")"
	done
done
echo "ok: numbers out of range refused"
