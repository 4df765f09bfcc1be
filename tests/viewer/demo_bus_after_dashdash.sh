# `rpmsg-top --demo -- --bus X`: the demo runs on X and rpmsg-top watches X (it used to watch a
# bus of its own naming, empty, while the demo ran elsewhere); a --bus that contradicts the
# demo's is refused with one line naming both.
. "$(dirname "$0")/lib.sh"
need_root "the BPF source (exact counts come from the bus's probes)"
N=50
BUS=$(bus_name d)

for form in "--bus=$BUS" "--bus $BUS"; do
	# shellcheck disable=SC2086 # the form is two words or one on purpose
	timeout 300 "$TOP" -b -n 1 -i 600 --demo --sim "$SIM" --demo-log "$TMP/demo.log" \
		-- $form --messages $N --rate 0 >"$TMP/out" 2>"$TMP/err" ||
		fail "'$form': rpmsg-top exited with status $? ($(cat "$TMP/err"))"
	grep -q "^vring $BUS vq1 " "$TMP/out" || fail "'$form': bus $BUS is not the one watched"
	[ "$(row_counts rpmsg-echo "$TMP/out")" = "$N $N" ] || fail "'$form': rpmsg-echo counts"
	[ "$(row_counts rpmsg-raw "$TMP/out")" = "$N $N" ] || fail "'$form': rpmsg-raw counts"
	[ ! -e "/dev/shm/rpmsg-$BUS" ] || fail "'$form': the demo's bus was left behind"
done

if "$TOP" -b -n 1 --demo --bus "other$$" -- --bus "$BUS" >"$TMP/out" 2>"$TMP/err"; then
	fail "contradicting --bus accepted"
fi
[ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "not one line: $(cat "$TMP/err")"
grep -q "^rpmsg-top: --bus other$$ and the demo's --bus $BUS differ" "$TMP/err" ||
	fail "the refusal does not name both buses: $(cat "$TMP/err")"
[ ! -e "/dev/shm/rpmsg-$BUS" ] || fail "a demo ran although refused"
echo "ok: the demo's --bus is the bus watched"
