# --json gives one object per line with exact counts; Ctrl-C (SIGINT) ends a demo cleanly
# with both summaries and no shared memory left behind.
. "$(dirname "$0")/lib.sh"
N=50

"$SIM" demo --bus "$BUS" --messages $N --rate 0 --json >"$TMP/json.out" 2>"$TMP/json.err" ||
	fail "demo --json exited with status $?"
for side in host firmware; do
	line=$(grep "^{\"type\":\"summary\",\"side\":\"$side\"" "$TMP/json.out") ||
		fail "no JSON summary for $side"
	echo "$line" | grep -q "{\"name\":\"rpmsg-echo\",\"local_addr\":[0-9]*,\"remote_addr\":[0-9]*,\"tx_msgs\":$N,\"tx_bytes\":[0-9]*,\"rx_msgs\":$N," ||
		fail "$side JSON summary lacks exact rpmsg-echo counts: $line"
	echo "$line" | grep -q '"errors":0,' || fail "$side JSON summary has errors: $line"
done
grep -v '^{.*}$' "$TMP/json.out" && fail "--json printed lines that are not JSON objects"

"$SIM" demo --bus "$BUS" --rate 100 >"$TMP/demo.out" 2>"$TMP/demo.err" &
DEMO=$!
on_exit_kill "$DEMO"
streaming() { grep -q '^\[host .*rpmsg-sensor tx 1 rx [1-9]' "$TMP/demo.out"; }
wait_for "a status line showing sensor samples" 60 streaming
kill -INT "$DEMO"
wait "$DEMO" || fail "demo exited with status $? after SIGINT"
grep -q '^host summary: .*stopped by SIGINT' "$TMP/demo.out" || fail "host summary lacks SIGINT"
grep -q '^firmware summary: .*stopped by SIGINT; the host closed the bus' "$TMP/demo.out" ||
	fail "firmware summary does not say it stopped and the host closed the bus"
[ ! -e "/dev/shm/rpmsg-$BUS" ] || fail "the demo left /dev/shm/rpmsg-$BUS behind"
echo "ok: JSON output and SIGINT"
