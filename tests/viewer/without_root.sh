# A user without root: rpmsg-top falls back from BPF to the bus's shared memory, says why, and
# still shows every channel of a bus that user runs, with moving rates.
. "$(dirname "$0")/lib.sh"
command -v setpriv >/dev/null || fail "setpriv (util-linux) is needed"
if [ "$(id -u)" -ne 0 ]; then
	as_user=
else
	# uid/gid 65534 (nobody): the bus and rpmsg-top both run unprivileged
	as_user="env LD_LIBRARY_PATH=$TMP/bin setpriv --reuid=65534 --regid=65534 --clear-groups"
	chmod 0777 "$TMP"
	# nobody may not reach the build tree (a checkout under /root): run copies
	stage_for_user "$TMP/bin" "$SIM" "$TOP"
	SIM=$TMP/bin/$(basename "$SIM")
	TOP=$TMP/bin/$(basename "$TOP")
fi
BUS=$(bus_name u)
$as_user "$SIM" demo --bus "$BUS" --duration 120 >"$TMP/sim.log" 2>&1 &
sim_pid=$!
on_exit_kill $sim_pid
wait_while_alive $sim_pid "the demo's bus" 30 test -e "/dev/shm/rpmsg-$BUS"

timeout 120 $as_user "$TOP" -b -n 2 -i 1 --bus "$BUS" >"$TMP/out" 2>"$TMP/err" ||
	fail "rpmsg-top exited with status $? ($(cat "$TMP/err"))"
grep -q "source: introspection" "$TMP/out" || fail "not the introspection source"
grep -q "^note: BPF unavailable (not root); latency, TX waits, drops and payloads need root" \
	"$TMP/out" || fail "the fallback is not explained"
for name in rpmsg-echo rpmsg-tty rpmsg-sensor rpmsg-raw; do
	grep -q "^$name " "$TMP/out" || fail "no row for $name"
done
rate=$(awk '/^rpmsg-top refresh 2/ { t = 1 } t && $1 == "rpmsg-raw" { print $3; exit }' "$TMP/out")
case "$rate" in
'' | 0 | -) fail "rpmsg-raw shows no TX rate ('$rate')" ;;
esac
echo "ok: without root"
