# Bad arguments: a clear one-line error naming the problem, and a non-zero exit.
. "$(dirname "$0")/lib.sh"

# expect_error PATTERN ARGS...: rpmsg-sim ARGS fails and says PATTERN on stderr.
expect_error() {
	pattern=$1
	shift
	if "$SIM" "$@" >"$TMP/out" 2>"$TMP/err"; then
		fail "rpmsg-sim $* succeeded"
	fi
	grep -q -- "$pattern" "$TMP/err" || fail "rpmsg-sim $*: stderr lacks '$pattern': $(cat "$TMP/err")"
	[ "$(wc -l <"$TMP/err")" -le 2 ] || fail "rpmsg-sim $*: more than a short error: $(cat "$TMP/err")"
}

expect_error "unknown command 'frobnicate'" frobnicate
expect_error "missing command" # no command at all
expect_error "unknown option '--bogus'" demo --bogus
expect_error "option '--mbox' needs a value" host --mbox
expect_error "--mbox 'carrier-pigeon': expected futex, poll or socket" host --mbox carrier-pigeon
expect_error "--vring-num '3': must be a power of two" demo --vring-num 3
expect_error "--buf-count '513'" demo --buf-count 513
expect_error "--buf-count '7': must be even" demo --buf-count 7
expect_error "--buf-size '20': too small" remote --buf-size 20
expect_error "--messages 'lots': not a non-negative integer" demo --messages lots
expect_error "--messages '0': must be at least 1" demo --messages 0
expect_error "--duration '-1': not a number of seconds" demo --duration -1
expect_error "--sensor-rate 'fast': not a rate" demo --sensor-rate fast
expect_error "--bus 'no/slash': bus names are" demo --bus no/slash
expect_error "--reattach applies to host only" remote --reattach
expect_error "option --messages does not apply to status" status --messages 3
expect_error "unexpected argument 'extra'" host extra
# -b, -d and -n are batch, delay and iterations across the tools: rpmsg-sim's are long only
expect_error "unknown option '-b'" demo -b "$BUS"
expect_error "unknown option '-d'" demo -d 1
expect_error "unknown option '-n'" demo -n 5
expect_error "--messages '0x': not a non-negative integer" demo --messages 0x
# --fault: the fault's name and its argument are checked, each refusal names the option
expect_error "--fault 'bogus': unknown fault 'bogus' (expected stall-returns, " demo --fault bogus
expect_error "--fault 'slow-callback=0': slow-callback=0: expected milliseconds (1 to 60000)" \
	demo --fault slow-callback=0
expect_error "--fault 'ns-twice=2': fault ns-twice takes no argument" remote --fault ns-twice=2
expect_error "--fault 'wrong-ns-name=': wrong-ns-name: a channel name is 1 to 31 bytes" \
	demo --fault wrong-ns-name=
expect_error "option --fault does not apply to status" status --fault ns-twice
expect_error "no bus named $BUS" status "$BUS"
expect_error "cannot attach to bus $BUS" remote --bus "$BUS" --wait 0.5
echo "ok: bad arguments are refused clearly"
