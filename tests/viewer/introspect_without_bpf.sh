# rpmsg-top --introspect (what a user without root gets): the running bus's channels by name,
# moving rates, both vrings, and a note saying what needs root. Two refreshes, plain text.
. "$(dirname "$0")/lib.sh"
BUS=$(bus_name i)
start_sim "$BUS" --raw-rate 500 --duration 120

timeout 120 "$TOP" -b -n 2 -i 1 --introspect --bus "$BUS" >"$TMP/out" 2>"$TMP/err" ||
	fail "rpmsg-top exited with status $? ($(cat "$TMP/err"))"
[ "$(grep -c '^rpmsg-top refresh' "$TMP/out")" -eq 2 ] || fail "expected 2 refreshes"
grep -q "source: introspection" "$TMP/out" || fail "not the introspection source"
grep -q "^note: latency, TX waits, drops and payloads need root" "$TMP/out" ||
	fail "no note about what needs root"
for name in rpmsg-echo rpmsg-tty rpmsg-sensor rpmsg-raw; do
	grep -q "^$name " "$TMP/out" || fail "no row for $name"
done
# the shared used index is the remote's: 'with remote' is avail minus used, a number on both
# rings; the host's reclaims are not in shared memory, so vq1's count is that same number and
# free TX its complement
grep -Eq "^vring $BUS vq0 RX posted: ([0-9]+)/256, with remote \1, kicks/s " "$TMP/out" ||
	fail "vq0 does not read RX posted N, with remote N: $(grep "vq0" "$TMP/out")"
awk -v b="$BUS" '$1 == "vring" && $2 == b && $3 == "vq1" {
		split($6, held, "/"); n++
		if ($9 + 0 != held[1] || $12 + held[1] != 256) bad = 1 }
	END { exit !(n == 2 && !bad) }' "$TMP/out" ||
	fail "vq1 does not read TX unreclaimed N, with remote N, free TX 256-N: $(grep vq1 "$TMP/out")"
# the bus counts doorbells per bus: they show on a line of their own, and with the rings' (0)
# they add up to the header's
awk '/^rpmsg-top refresh 2/ { t = 1 }
	t && /^msgs\/s/ { for (i = 1; i < NF; i++) if ($i == "kicks/s") k = $(i + 1) }
	t && /^vring / { if ($(NF - 2) != "0,") bad = 1 }
	t && /^doorbells on no vring/ { o = $(NF - 2); sub(",", "", o) }
	END { exit !(k != "" && k != "0" && o == k && !bad) }' "$TMP/out" ||
	fail "the rings' and other doorbells do not add up to the header's kicks/s"
grep -q "^rates: last [0-9.]* s; SIZE, P50, P99: since start$" "$TMP/out" ||
	fail "no line saying over which window the columns are computed"
# second refresh: rpmsg-raw moves about 500 msgs/s each way (generous bounds: a loaded machine)
rate=$(awk '/^rpmsg-top refresh 2/ { t = 1 } t && $1 == "rpmsg-raw" { print $3; exit }' "$TMP/out")
case "$rate" in
'' | 0 | -) fail "rpmsg-raw shows no TX rate ('$rate')" ;;
esac
# latency and drops are not visible without root: "-", never a misleading 0
awk '$1 == "rpmsg-raw" { exit !($8 == "-" && $9 == "-" && $10 == "-" && $11 == "-") }' \
	"$TMP/out" || fail "columns needing root do not read '-'"
echo "ok: introspection without root"
