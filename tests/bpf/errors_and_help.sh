#!/bin/sh
# test_errors_and_help: --help ends with examples; bad input, a missing bus library, a process
# without a bus and running without root each give one clear line and a non-zero exit.
. "$(dirname "$0")/lib.sh"
need_bpf

expect_error() { # expect_error PATTERN CMD...: non-zero exit and PATTERN on stderr
	pattern=$1
	shift
	if "$@" >"$TMP/out" 2>"$TMP/err"; then
		fail "'$*' succeeded"
	fi
	grep -q "$pattern" "$TMP/err" || fail "'$*' said '$(cat "$TMP/err")', want '$pattern'"
	echo "ok: $* -> $(head -1 "$TMP/err")"
}

"$TRACE" live --help >"$TMP/help" || fail "live --help failed"
tail -5 "$TMP/help" | grep -q "rpmsg-trace live" || fail "live --help does not end with examples"
"$TRACE" record --bpf --help >"$TMP/help" || fail "record --bpf --help failed"
tail -5 "$TMP/help" | grep -q "babeltrace2" || fail "record --help does not end with examples"

expect_error "invalid interval" "$TRACE" live -i nope
expect_error "capture size" "$TRACE" live --capture 9999
expect_error "power of two" "$TRACE" live --ring-size 5000
expect_error "unexpected argument" "$TRACE" live extra
expect_error "apply to the bus program" "$TRACE" live --kernel --pid 1
expect_error "recv-probe is for statistics: --messages" "$TRACE" live --recv-probe --messages
expect_error "bus library /nonexistent" "$TRACE" live --lib /nonexistent/librpmsgbus.so --duration 1
sleep 30 & # a process without a bus
SLEEPER=$!
on_exit_kill $SLEEPER
expect_error "does not use librpmsgbus.so: no rpmsg bus found" "$TRACE" live --pid $SLEEPER --duration 1
expect_error "no process with pid" "$TRACE" live --pid 1073741823 --duration 1
expect_error "needs an output directory" "$TRACE" record --bpf
mkdir "$TMP/full" && touch "$TMP/full/x"
expect_error "exists and is not empty" "$TRACE" record --bpf -o "$TMP/full" --duration 1
if command -v setpriv >/dev/null; then
	# nobody may not reach the build tree (a checkout under /root): it runs a copy
	stage_for_user "$TMP/bin" "$TRACE"
	chmod 0755 "$TMP"
	expect_error "needs root" env LD_LIBRARY_PATH="$TMP/bin" \
		setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$TMP/bin/$(basename "$TRACE")" live --duration 1
fi
echo PASS
