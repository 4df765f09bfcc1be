# rpmsg-top's flagged rows on a recording: `rpmsg-sim demo --messages N --fault wrong-ns-name`
# recorded with `rpmsg-trace record` (LTTng, both sides), replayed with `rpmsg-top -b --replay
# TRACE --speed 0`: the last frame flags the rpmsg-tty-channel row, and only it, no-recipient with
# its N drops, and prints the same rules as `rpmsg-trace doctor --json` on the same trace (a
# finished recording is judged up to its last event, as doctor does); --json's last frame has
# them in "findings". The session daemon runs in a private mount namespace, is stopped by its
# pid, and its output goes to a file.
. "$(dirname "$0")/lib.sh"
[ -n "${TRACE:-}" ] || skip "rpmsg-trace or the LTTng provider is not built"
command -v jq >/dev/null || fail "jq is needed"
N=100
BUS=$(bus_name r)
private_namespace "$@"
export HOME="$TMP" LTTNG_HOME="$TMP" TMPDIR="$TMP"
on_exit_run stop_private_lttng
ASAN_OPTIONS=${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}verify_asan_link_order=0 \
	"$TRACE" record -o "$TMP/trace" --blocking --sessiond-log "$TMP/sessiond.log" -- \
	"$SIM" demo --bus "$BUS" --messages $N --rate 0 --quiet --fault wrong-ns-name \
	>"$TMP/record.log" 2>&1 || fail "recording failed: $(cat "$TMP/record.log")"
grep -q "^rpmsg-trace record: 0 events discarded" "$TMP/record.log" ||
	fail "events discarded while recording"

"$TRACE" doctor --json "$TMP/trace" >"$TMP/doctor.json" 2>"$TMP/doctor.err"
[ $? -eq 1 ] || fail "rpmsg-trace doctor found nothing: $(cat "$TMP/doctor.err")"
want=$(jq -r 'select(.type == "finding") | .rule' "$TMP/doctor.json" | tr '\n' ' ')
case " $want" in *" no-recipient "*) ;; *) fail "doctor's findings: $want" ;; esac

timeout 120 "$TOP" -b --replay "$TMP/trace" --speed 0 >"$TMP/out" 2>"$TMP/err" ||
	fail "rpmsg-top -b --replay exited with status $? ($(cat "$TMP/err"))"
last_table "$TMP/out"
awk '$1 == "rpmsg-tty-channel" && $(NF-1) == "!" && $NF == "no-recipient" { exit $(NF-4) != '$N' }
	$1 == "rpmsg-tty-channel" { exit 1 }' "$TMP/last" ||
	fail "the rpmsg-tty-channel row is not flagged no-recipient with $N drops"
[ "$(grep -c '  ! ' "$TMP/last")" -eq 1 ] || fail "rows other than rpmsg-tty-channel are flagged"
got=$(sed -n 's/^finding: \([a-z-]*\) .*/\1/p' "$TMP/last" | tr '\n' ' ')
[ "$got" = "$want" ] || fail "rpmsg-top's findings '$got', doctor's '$want'"

timeout 120 "$TOP" --json --replay "$TMP/trace" --speed 0 >"$TMP/out.json" 2>"$TMP/err" ||
	fail "rpmsg-top --json --replay exited with status $? ($(cat "$TMP/err"))"
got=$(tail -n 1 "$TMP/out.json" | jq -r '.findings[].rule' | tr '\n' ' ')
[ "$got" = "$want" ] || fail "--json findings '$got', doctor's '$want'"
echo "ok: a replayed trace flags what rpmsg-trace doctor finds in it"
