# rpmsg-top's flagged rows (the doctor's rules at every refresh) over `rpmsg-sim demo --fault
# wrong-ns-name --messages N`: the firmware announces its tty channel as "rpmsg-tty-channel",
# which no host driver binds, and sends its N lines to a host address with no endpoint.
#   batch:  that row, and only it, ends with "! no-recipient"; one "finding:" line per finding
#           (the bus-wide ns-name-unbound, the row's no-recipient with its N drops); --json: a
#           "findings" array with the same two rules
#   screen: the row's mark, the findings line under the table and, for the selected row, its
#           finding and fix in the detail pane
#   clean:  the same demo without the fault flags nothing (no mark, no finding, "findings": [])
. "$(dirname "$0")/lib.sh"
need_root "the BPF source (drops and name-service events come from the bus's probes)"
command -v jq >/dev/null || fail "jq is needed to read the JSON output"
N=100

# top OUT ARGS...: one batch frame once the demo (N messages each stream, ARGS added) ends.
top() {
	out=$1
	shift
	timeout 300 "$TOP" -b -n 1 -i 600 --demo --bus "$(bus_name "$out")" \
		--demo-log "$TMP/$out.demo.log" "$@" >"$TMP/$out" 2>"$TMP/$out.err" ||
		fail "rpmsg-top ($out) exited with status $? ($(cat "$TMP/$out.err"))"
}

top fault -- --messages $N --rate 0 --fault wrong-ns-name
grep -q "lost 0 rejected 0" "$TMP/fault" || fail "events were lost or rejected"
# the header stays as README-top.md documents it; a flag follows a row's last column
grep -q '^NAME  *ADDR^  *TX/s  *RX/s  *SIZE  *TXB/s  *RXB/s  *P50  *P99  *WAITS  *DROPS  *TXMSGS  *RXMSGS$' \
	"$TMP/fault" || fail "table header changed"
awk '$1 == "rpmsg-tty-channel" && $(NF-1) == "!" && $NF == "no-recipient" { ok = 1 }
	END { exit !ok }' "$TMP/fault" || fail "the rpmsg-tty-channel row is not flagged no-recipient"
[ "$(grep -c '  ! ' "$TMP/fault")" -eq 1 ] || fail "rows other than rpmsg-tty-channel are flagged"
awk '$1 == "rpmsg-tty-channel" { exit $(NF-4) != '$N' }' "$TMP/fault" ||
	fail "rpmsg-tty-channel's DROPS is not $N"
[ "$(grep -c '^finding: ' "$TMP/fault")" -eq 2 ] || fail "not exactly two finding lines"
grep -q '^finding: ns-name-unbound (warning) on rpmsg-tty-channel on bus .*: the remote announced "rpmsg-tty-channel" .*; fix: ' \
	"$TMP/fault" || fail "no bus-wide ns-name-unbound finding line"
grep -q "^finding: no-recipient (error) on rpmsg-tty-channel (host [0-9]* <-> remote [0-9]*): $N messages remote [0-9]* -> host [0-9]* dropped: no endpoint at [0-9]*; fix: " \
	"$TMP/fault" || fail "no no-recipient finding line with $N drops"

top fault.json --json -- --messages $N --rate 0 --fault wrong-ns-name
[ "$(jq -s 'length' "$TMP/fault.json")" -eq 1 ] || fail "--json: not one frame"
[ "$(jq -r '.findings | map(.rule) | join(",")' "$TMP/fault.json")" = \
	"ns-name-unbound,no-recipient" ] || fail "--json findings: $(jq -c .findings "$TMP/fault.json")"
[ "$(jq -r '.findings[1] | "\(.name) \(.count) \(.severity)"' "$TMP/fault.json")" = \
	"rpmsg-tty-channel $N error" ] || fail "--json: the no-recipient finding's name/count"

top clean -- --messages $N --rate 0
grep -q "lost 0 rejected 0" "$TMP/clean" || fail "clean: events were lost or rejected"
[ "$(row_counts rpmsg-tty "$TMP/clean")" = "1 $N" ] || fail "clean: rpmsg-tty counts"
! grep -q '  ! \|^finding: ' "$TMP/clean" || fail "clean demo flagged: $(grep finding "$TMP/clean")"
top clean.json --json -- --messages $N --rate 0
[ "$(jq -c '.findings' "$TMP/clean.json")" = "[]" ] || fail "clean --json findings not []"

# The screen: the demo keeps sending (no --messages) so the screen is read while it runs.
command -v tmux >/dev/null || fail "tmux is needed"
tmux_start 120 40 sh -c "LANG=C.UTF-8 '$TOP' --demo --bus $(bus_name s) \
	--demo-log '$TMP/screen.demo.log' -- --fault wrong-ns-name; echo EXIT=\$?; sleep 600"
wait_screen '^2 findings: ns-name-unbound on rpmsg-tty-channel, no-recipient on rpmsg-tty-channel$'
# with the detail pane closed (Enter), the line says where the details are
keys Enter
wait_screen '^2 findings: .*; Enter for details$'
keys Enter
wait_screen '^rpmsg-tty-channel +!'
# select that row (filter by its name): its pane says the finding and the fix
keys / c h a n n e l Enter
wait_screen '^! no-recipient [0-9]+ messages remote [0-9]+ -> host [0-9]+ dropped: no endpoint'
wait_screen '^  fix: create the endpoint before'
screen_lacks '^rpmsg-raw +!' || fail "rpmsg-raw is flagged on the screen"
keys q
wait_screen '^EXIT=0'
echo "ok: flagged rows, finding lines and findings array; clean demo flags nothing"
