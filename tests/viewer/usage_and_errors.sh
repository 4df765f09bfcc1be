# --help ends with examples; bad input gets one clear line on stderr and a non-zero exit;
# a missing trace or bus is named in the error.
. "$(dirname "$0")/lib.sh"

"$TOP" --help >"$TMP/out" || fail "--help failed"
tail -n 12 "$TMP/out" | grep -q "^Examples:" || fail "--help does not end with examples"
grep -q -- "--demo" "$TMP/out" || fail "--help does not mention --demo"

check_error() {
	expect=$1
	shift
	if "$TOP" "$@" >"$TMP/out" 2>"$TMP/err"; then
		fail "'$*' succeeded"
	fi
	[ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "'$*': not one line: $(cat "$TMP/err")"
	grep -q -- "$expect" "$TMP/err" || fail "'$*': '$(cat "$TMP/err")' does not say '$expect'"
}
check_error "unknown column 'bogus'" -b -s bogus
check_error "'0' is not a number" -b -i 0
check_error "-n: .0. is not a whole number from 1 to" -b -n 0
check_error "unknown option" --frobnicate
check_error "not an LTTng live URL" -b --live http://x
check_error "choose one source" -b --introspect --kernel
check_error "cannot open the trace .*no-such-trace: No such file" -b --replay "$TMP/no-such-trace"
mkdir "$TMP/empty"
check_error "no CTF trace (no metadata file) in it" -b --replay "$TMP/empty"
check_error "not a terminal" --introspect </dev/null
# -b with --introspect on a bus that does not exist: prints its table, says which bus is missing
# and exits 1 (no empty answer without a reason; tests/answers checks the exact line)
timeout 60 "$TOP" -b -n 1 -i 0.2 --introspect --bus "vtnone$$" >"$TMP/out" 2>&1
[ $? -eq 1 ] || fail "batch on a missing bus did not exit 1"
grep -q "channels 0" "$TMP/out" || fail "missing bus: no 'channels 0'"
grep -q "^rpmsg-top: bus vtnone$$ not found" "$TMP/out" || fail "missing bus: no error line"
grep -q "^note: .*; bus vtnone$$: not found" "$TMP/out" || fail "the missing bus is not named"
echo "ok: usage and errors"
